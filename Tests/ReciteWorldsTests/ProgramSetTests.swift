import Foundation
import ReciteCore
import Testing

@testable import ReciteWorlds

@Suite struct ProgramSetTests {
    private let programs = ProgramSet(
        count: 500, length: 8, promptOffset: 3000, bodyTokens: 1..<1025, popularityExponent: 1.0, seed: 4)

    @Test func promptsAreDistinctAndBodiesInRange() {
        let prompts = (0..<programs.count).map { Array(programs.prompt(of: $0)) }
        #expect(Set(prompts).count == programs.count)
        #expect(prompts.allSatisfy { $0.count == 1 && $0[0] >= 3000 && $0[0] < 3500 })
        #expect(programs.bodies.count == 500 * 8)
        #expect(programs.bodies.allSatisfy { $0 >= 1 && $0 < 1025 })
        #expect(programs.unit(of: 3) == [3003] + Array(programs.body(of: 3)))
    }

    @Test func bodiesAreSpreadOverTheRange() {
        // Uniform bodies: about 4000·(1 − e^{−4000/1024}) ≈ 1003 of 1024 tokens occur.
        #expect(Set(programs.bodies).count > 950)
        #expect(Set((0..<programs.count).map { Array(programs.body(of: $0)) }).count == programs.count)
    }

    @Test func evalItemsMatchProgramsAndFollowPopularity() {
        var rng = Xoshiro256(seed: 9)
        let items = programs.evalItems(count: 10_000, rng: &rng)
        #expect(items.allSatisfy { $0.prompt == Array(programs.prompt(of: $0.program)) && $0.body == Array(programs.body(of: $0.program)) })
        let top = Double(items.filter { $0.program == 0 }.count)
        let expected = programs.popularity.probabilities[0] * 10_000
        #expect(abs(top - expected) < 5 * expected.squareRoot())
        #expect(Set(programs.coverageOrder).count == programs.count)
    }

    // MARK: Body lengths that vary (program_min_length, program_length_exponent)

    private func varying(exponent: Double = 1, seed: UInt64 = 4) -> ProgramSet {
        ProgramSet(count: 4000, length: 16, promptOffset: 3000, bodyTokens: 1..<257, popularityExponent: 0.5,
                   bodyExponent: 0.75, minLength: 2, lengthExponent: exponent, seed: seed)
    }

    @Test func fixedLengthsAreTheWorldBeforeLengthsVaried() {
        let old = ProgramSet(count: 300, length: 4, promptOffset: 3000, bodyTokens: 1..<257, popularityExponent: 0.5,
                             bodyExponent: 0.75, seed: 4)
        let same = ProgramSet(count: 300, length: 4, promptOffset: 3000, bodyTokens: 1..<257, popularityExponent: 0.5,
                              bodyExponent: 0.75, minLength: 4, lengthExponent: 1.3, seed: 4)
        #expect(old.bodies == same.bodies && old.prompts == same.prompts && old.coverageOrder == same.coverageOrder)
        #expect(old.bodyOffsets == Array(stride(from: 0, through: 1200, by: 4)) && old.fixedLength)
        // Bit for bit what the row-major P × L draw gave: the body stream's first P·L tokens.
        var rng = Xoshiro256(seed: 4, stream: 4)
        let law = AliasTable(weights: AliasTable.zipfWeights(count: 256, exponent: 0.75))
        #expect(old.bodies == (0..<1200).map { _ in 1 + Int32(law.sample(&rng)) })
        #expect((0..<300).allSatisfy { old.coveredCount(tokens: $0 * 7 + 3) == min(300, ($0 * 7 + 3) / old.unitLength) })
    }

    @Test func lengthsFollowTheLawAndAreDeterministic() {
        let ps = varying()
        let lengths = (0..<ps.count).map { ps.bodyLength(of: $0) }
        #expect(lengths.allSatisfy { (2...16).contains($0) } && !ps.fixedLength)
        #expect(ps.bodies.count == lengths.reduce(0, +) && ps.bodyOffsets.count == ps.count + 1)
        // P(ℓ) ∝ (ℓ − 1)^−1 over 2...16: P(2) = 1/H(15) ≈ 0.301, P(16) ≈ 0.020.
        let weights = AliasTable.zipfWeights(count: 15, exponent: 1)
        let total = weights.reduce(0, +)
        for (l, w) in zip(2...16, weights) {
            let expected = Double(ps.count) * w / total, seen = Double(lengths.filter { $0 == l }.count)
            #expect(abs(seen - expected) < 5 * expected.squareRoot() + 1, "length \(l): \(seen) vs \(expected)")
        }
        // Uniform lengths are flatter than Zipf(1): their mean is 9, Zipf(1)'s about 5.5.
        let uniform = varying(exponent: 0), mean = { (p: ProgramSet) in Double(p.bodies.count) / Double(p.count) }
        #expect(abs(mean(uniform) - 9) < 0.3 && abs(mean(ps) - 5.5) < 0.3, "\(mean(uniform)) \(mean(ps))")
        let again = varying()
        #expect(again.bodies == ps.bodies && again.bodyOffsets == ps.bodyOffsets)
        #expect(varying(seed: 5).bodyOffsets != ps.bodyOffsets)
        // The tokens are the same body stream as fixed lengths, cut at other places.
        var rng = Xoshiro256(seed: 4, stream: 4)
        let law = AliasTable(weights: AliasTable.zipfWeights(count: 256, exponent: 0.75))
        #expect(ps.bodies == (0..<ps.bodies.count).map { _ in 1 + Int32(law.sample(&rng)) })
        #expect(ps.unit(of: 7).count == ps.unitLength(of: 7) && ps.item(of: 7).body.count == ps.bodyLength(of: 7))
    }

    @Test func bodyTokenInformationIsTheLawsSurprisal() {
        let uniform = ProgramSet(count: 10, length: 4, promptOffset: 3000, bodyTokens: 1..<257, popularityExponent: 0.5, seed: 1)
        let u = uniform.bodyTokenInformation()
        for t: Int32 in [1, 100, 256] { #expect(abs(u(t) - 8) < 1e-12) }
        let zipf = ProgramSet(count: 10, length: 4, promptOffset: 3000, bodyTokens: 5..<69, popularityExponent: 0.5, bodyExponent: 0.75, seed: 1)
        let z = zipf.bodyTokenInformation()
        // A law: Σ 2^−information = 1; commoner (lower) tokens carry less; the expectation is the entropy ≤ log2 64.
        let p = (5..<69).map { exp2(-z(Int32($0))) }
        #expect(abs(p.reduce(0, +) - 1) < 1e-12)
        #expect(z(5) < z(6) && z(6) < z(68))
        let entropy = zip(p, (5..<69).map { z(Int32($0)) }).reduce(0.0) { $0 + $1.0 * $1.1 }
        #expect(entropy < 6 && entropy > 5)
    }

    @Test func coveredCountIsTheLongestPrefixThatFits() {
        let ps = varying()
        for tokens in [0, 1, 5, 40, 999, 5000, 100_000] {
            let n = ps.coveredCount(tokens: tokens)
            let used = ps.coverageOrder.prefix(n).reduce(0) { $0 + ps.unitLength(of: Int($1)) }
            #expect(used <= tokens)
            if n < ps.count { #expect(used + ps.unitLength(of: Int(ps.coverageOrder[n])) > tokens) }
        }
        #expect(ps.coveredCount(tokens: 1_000_000) == ps.count)
    }
}

@Suite struct VaryingLengthCorpusTests {
    @Test func aCorpusHoldsWholeProgramsOfTheirOwnLengths() throws {
        let world = try World(spec: WorldSpec(background: LanguageSpec(vocabulary: 64), programs: 200, programLength: 16,
                                              programPromptLength: 2, programPromptPool: 32, programMinLength: 2,
                                              programLengthExponent: 1, seed: 3))
        let ps = world.programs!
        for budget in [640, 1000, 5120] {
            let c = try Corpus(world: world, spec: CorpusSpec(budget: budget, seed: 2))
            #expect(c.uniqueTokens == budget)
            #expect(c.coveredPrograms == ps.coverageOrder.prefix(c.coveredPrograms.count).map(Int.init))
            for (j, p) in c.coveredPrograms.enumerated() { #expect(Array(c.unit(c.programUnits.lowerBound + j)) == ps.unit(of: p)) }
            let programTokens = budget - Int((CorpusSpec(budget: budget).backgroundFraction * Double(budget)).rounded())
            #expect(c.coveredPrograms.count == ps.coveredCount(tokens: programTokens))
        }
    }
}

// MARK: - Idioms (program_idiom_share)

@Suite struct ProgramIdiomTests {
    private func idioms(_ share: Double, exponent: Double = 0.75, seed: UInt64 = 4) -> ProgramSet {
        ProgramSet(count: 3000, length: 6, promptOffset: 3000, bodyTokens: 1..<257, popularityExponent: 0.5,
                   bodyExponent: exponent, idiomShare: share, seed: seed)
    }

    @Test func aVanishingShareGivesTheBodiesOfAWorldWithoutIdioms() {
        for exponent in [0, 0.75] {
            let none = ProgramSet(count: 3000, length: 6, promptOffset: 3000, bodyTokens: 1..<257, popularityExponent: 0.5,
                                  bodyExponent: exponent, seed: 4)
            let tiny = idioms(1e-15, exponent: exponent)
            #expect(none.bodies == tiny.bodies && none.successors.isEmpty && tiny.successors.count == 256, "exponent \(exponent)")
            #expect(none.prompts == tiny.prompts && none.coverageOrder == tiny.coverageOrder)
        }
    }

    @Test func bodiesFollowTheirIdiomsAtTheShareAndStartFromTheLaw() {
        let share = 0.6, ps = idioms(share)
        let w = AliasTable.zipfWeights(count: 256, exponent: 0.75), total = w.reduce(0, +)
        var follows = 0.0, expected = 0.0, transitions = 0.0
        var firstTop = 0.0
        for i in 0..<ps.count {
            let b = Array(ps.body(of: i))
            if b[0] == 1 { firstTop += 1 }
            for j in 1..<b.count {
                let idiom = ps.successors[Int(b[j - 1] - 1)]
                if b[j] == idiom { follows += 1 }
                // Followed, or a fresh draw that happens to be the idiom.
                expected += share + (1 - share) * w[Int(idiom - 1)] / total
                transitions += 1
            }
        }
        #expect(abs(follows - expected) < 5 * (expected * (1 - expected / transitions)).squareRoot(), "\(follows) vs \(expected)")
        // First tokens are plain draws from the body law (token 1 is the most frequent).
        let p1 = w[0] / total * Double(ps.count)
        #expect(abs(firstTop - p1) < 5 * p1.squareRoot(), "\(firstTop) vs \(p1)")
        #expect(idioms(share).bodies == ps.bodies && idioms(share, seed: 5).bodies != ps.bodies)
        #expect(ps.bodies.allSatisfy { (1..<257).contains($0) })
    }

    @Test func informationDiscountsWhatTheIdiomsGive() {
        let share = 0.8, ps = idioms(share)
        let w = AliasTable.zipfWeights(count: 256, exponent: 0.75), total = w.reduce(0, +)
        let p = { (t: Int32) in w[Int(t - 1)] / total }
        var sawIdiom = false, sawBreak = false
        let information = ps.bodyInformation()
        for i in 0..<200 {
            let b = Array(ps.body(of: i)), info = information(i)
            #expect(info.count == b.count && abs(info[0] + log2(p(b[0]))) < 1e-12)
            for j in 1..<b.count {
                if ps.successors[Int(b[j - 1] - 1)] == b[j] {
                    sawIdiom = true
                    #expect(abs(info[j] + log2(share + (1 - share) * p(b[j]))) < 1e-12 && info[j] < 0.33)
                } else {
                    sawBreak = true
                    #expect(abs(info[j] + log2((1 - share) * p(b[j]))) < 1e-12 && info[j] > -log2(p(b[j])))
                }
            }
        }
        #expect(sawIdiom && sawBreak)
        // Without idioms it is the law's surprisal of every token.
        let plain = idioms(0), law = plain.bodyTokenInformation(), plainInformation = plain.bodyInformation()
        #expect((0..<50).allSatisfy { i in plainInformation(i) == plain.body(of: i).map(law) })
    }
}

@Suite struct ProgramIdiomClassTests {
    @Test func classesGoByIdiomBreaksWithIdiomsAndByTheRarestTokenWithout() {
        let ps = ProgramSet(count: 900, length: 5, promptOffset: 3000, bodyTokens: 1..<257, popularityExponent: 0.5,
                            bodyExponent: 0.75, idiomShare: 0.5, seed: 2)
        let (names, of) = ps.difficultyClasses
        #expect(names.count == 3 && names[0].contains("idiom"))
        let breaks = (0..<ps.count).map(ps.idiomBreaks(of:))
        #expect(breaks.allSatisfy { (0...4).contains($0) } && Set(breaks).count >= 4)
        // Every program of class 0 breaks no more idioms than any of class 2.
        let most0 = zip(of, breaks).filter { $0.0 == 0 }.map(\.1).max()!
        let least2 = zip(of, breaks).filter { $0.0 == 2 }.map(\.1).min()!
        #expect(most0 <= least2 && (0...2).allSatisfy { c in of.filter { $0 == c }.count == 300 })
        let plain = ProgramSet(count: 900, length: 5, promptOffset: 3000, bodyTokens: 1..<257, popularityExponent: 0.5,
                               bodyExponent: 0.75, seed: 2)
        #expect(plain.difficultyClasses.names[0].contains("common") && plain.idiomBreaks(of: 3) == 0)
    }
}
