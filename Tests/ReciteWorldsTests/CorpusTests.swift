import Testing

@testable import ReciteWorlds

// Unit arithmetic, schedules, nesting and determinism of the corpus builder.

private let world = try! World(spec: WorldSpec(facts: 2000, programs: 300, seed: 1))

private func corpus(
    _ budget: Int, r: Int = 4, schedule: Schedule = .spaced, regime: Regime = .fixedData, seed: UInt64 = 0
) throws -> Corpus {
    try Corpus(
        world: world,
        spec: CorpusSpec(regime: regime, budget: budget, recitations: r, schedule: schedule, seed: seed))
}

/// How many times each unit occurs in `order`.
private func counts(_ c: Corpus) -> [Int] {
    var n = [Int](repeating: 0, count: c.unitCount)
    for u in c.order { n[Int(u)] += 1 }
    return n
}

@Suite struct CorpusTests {
    @Test(arguments: Schedule.allCases)
    func everyUnitIsPresentedExactlyRTimes(schedule: Schedule) throws {
        let c = try corpus(10_007, r: 5, schedule: schedule)
        #expect(c.order.count == c.unitCount * 5)
        #expect(counts(c).allSatisfy { $0 == 5 })
        #expect(c.uniqueTokens == 10_007 && c.tokensTrained == 50_035)
    }

    @Test func massedCopiesAreConsecutive() throws {
        let c = try corpus(8000, r: 6, schedule: .massed)
        for block in stride(from: 0, to: c.order.count, by: 6) {
            #expect(Set(c.order[block..<(block + 6)]).count == 1)
        }
        let spaced = try corpus(8000, r: 6, schedule: .spaced)
        #expect(spaced.order[0] != spaced.order[1] || spaced.order[1] != spaced.order[2])
    }

    @Test func spacedIsRPassesOfEveryUnitWithDifferentOrders() throws {
        let c = try corpus(8000, r: 4, schedule: .spaced)
        let n = c.unitCount
        var passes: [ArraySlice<Int32>] = []
        for p in 0..<4 {
            let pass = c.order[(p * n)..<((p + 1) * n)]
            #expect(Set(pass).count == n)
            passes.append(pass)
        }
        #expect(passes[0] != passes[1] && passes[1] != passes[2])
    }

    @Test func randomScheduleMixesCopies() throws {
        let c = try corpus(8000, r: 4, schedule: .random)
        // Not a sequence of passes: some unit recurs within the first n presentations.
        #expect(Set(c.order.prefix(c.unitCount)).count < c.unitCount)
    }

    @Test func fixedComputeSetsUToDOverR() throws {
        for r in [1, 3, 8, 64] {
            let c = try corpus(100_000, r: r, regime: .fixedCompute)
            #expect(c.uniqueTokens == 100_000 / r)
            #expect(c.tokensTrained <= 100_000 && 100_000 - c.tokensTrained < r)
        }
    }

    @Test func budgetSplitsAsDocumented() throws {
        let c = try corpus(10_000)
        // f = 0.5: 5000 knowledge tokens, 2500 each; facts of length 2, programs of length 9.
        #expect(c.coveredFacts.count == 1250 && c.factUnits.count == 1250)
        #expect(c.coveredPrograms.count == 277 && c.programUnits.count == 277)
        #expect(c.backgroundUnits.count == (10_000 - 2500 - 277 * 9 + 31) / 32)
        for (j, f) in c.coveredFacts.enumerated() {
            #expect(Array(c.unit(c.factUnits.lowerBound + j)) == world.knowledge!.unit(of: f))
        }
        // Past K facts the rest becomes background, so U stays exact.
        let big = try corpus(40_000)
        #expect(big.coveredFacts.count == 2000 && big.uniqueTokens == 40_000)
        let onlyLanguage = try Corpus(world: World(spec: WorldSpec()), spec: CorpusSpec(budget: 1000))
        #expect(onlyLanguage.backgroundUnits.count == onlyLanguage.unitCount && onlyLanguage.uniqueTokens == 1000)
    }

    @Test func coverageIsNestedAcrossBudgets() throws {
        for u in [1000, 3000, 9000] {
            let small = try corpus(u), large = try corpus(2 * u)
            #expect(Set(small.coveredFacts).isSubset(of: Set(large.coveredFacts)))
            #expect(Set(small.coveredPrograms).isSubset(of: Set(large.coveredPrograms)))
            #expect(large.coveredFacts.count > small.coveredFacts.count)
            let fullSentences = small.backgroundUnits.count - 1
            #expect((0..<fullSentences).allSatisfy { small.unit($0) == large.unit($0) })
        }
    }

    @Test func sameSeedSameCorpusDifferentSeedDifferent() throws {
        let a = try corpus(5000, seed: 3), b = try corpus(5000, seed: 3), c = try corpus(5000, seed: 4)
        #expect(a.tokens == b.tokens && a.offsets == b.offsets && a.order == b.order)
        #expect(a.tokens != c.tokens && a.order != c.order)
    }

    @Test func unitsNeverContainBOS() throws {
        let c = try corpus(5000)
        #expect(!c.tokens.contains(0))
        #expect(c.tokens.allSatisfy { Int($0) < world.vocabularySize })
    }
}
