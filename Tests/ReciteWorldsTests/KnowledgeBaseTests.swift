import ReciteCore
import Testing

@testable import ReciteWorlds

// Multiple-choice questions: chance is exactly 25% for a prior-only model, 100% for an oracle.

/// Allowed deviation of the prior-only score from 25% over 20,000 questions (about 4 sd).
private let chanceTolerance = 0.015
/// Tighter tolerance for 200,000 questions on 200,000 equally popular facts (about 4 sd); plain
/// prior distractors (no tilt) miss it by +0.9%.
private let exactChanceTolerance = 0.005

/// Accuracy of a scorer that knows only the value prior (ties broken at random).
private func priorOnlyAccuracy(_ kb: KnowledgeBase, _ qs: [MultipleChoiceQuestion], rng: inout Xoshiro256) -> Double {
    var correct = 0
    for q in qs {
        let scores = q.options.map { kb.prior(of: $0) }
        let best = scores.max()!
        let tied = scores.indices.filter { scores[$0] == best }
        if tied[rng.nextInt(tied.count)] == q.answer { correct += 1 }
    }
    return Double(correct) / Double(qs.count)
}

private func knowledgeBase(popularity: Double = 0.5, relation: Int32? = nil) -> KnowledgeBase {
    KnowledgeBase(
        count: 20_000, keyOffset: 2000, valueTokens: 1..<129, valuePriorExponent: 0.5,
        popularityExponent: popularity, relationToken: relation, seed: 3)
}

@Suite struct KnowledgeBaseTests {
    @Test func priorOnlyScorerScoresChance() {
        let kb = knowledgeBase()
        var rng = Xoshiro256(seed: 1, stream: 7)
        let qs = kb.questions(count: 20_000, rng: &rng)
        let accuracy = priorOnlyAccuracy(kb, qs, rng: &rng)
        print("prior-only MC accuracy \(accuracy)")
        #expect(abs(accuracy - 0.25) < chanceTolerance)
    }

    @Test func priorOnlyScorerIsExactlyAtChanceWithTiltedDistractors() {
        let kb = KnowledgeBase(
            count: 200_000, keyOffset: 2000, valueTokens: 1..<129, valuePriorExponent: 0.5,
            popularityExponent: 0, seed: 11)
        var rng = Xoshiro256(seed: 4, stream: 7)
        let accuracy = priorOnlyAccuracy(kb, kb.questions(count: 200_000, rng: &rng), rng: &rng)
        print("prior-only MC accuracy, 200k questions: \(accuracy)")
        #expect(abs(accuracy - 0.25) < exactChanceTolerance)
    }

    @Test func distractorLawIsATiltOfThePriorThatKeepsItsRanking() {
        let kb = knowledgeBase()
        let p = kb.valuePrior.probabilities, g = kb.distractorLaw.probabilities
        #expect((1..<p.count).allSatisfy { g[$0] < g[$0 - 1] })
        #expect(g[0] > p[0] && g[127] < p[127])
        #expect(zip(p, g).allSatisfy { abs($0 - $1) < 0.2 * $0 })
    }

    @Test func oracleScoresPerfectly() {
        let kb = knowledgeBase(popularity: 1.0)
        var rng = Xoshiro256(seed: 2)
        let qs = kb.questions(count: 5000, rng: &rng)
        let correct = qs.filter { q in q.options[q.options.firstIndex(of: kb.values[q.fact])!] == q.options[q.answer] }
        #expect(correct.count == qs.count)
        #expect(qs.allSatisfy { Set($0.options).count == 4 && $0.context == [kb.key(of: $0.fact)] })
        #expect(qs.allSatisfy { $0.options[$0.answer] == kb.values[$0.fact] })
        // The answer position is uniform, so position alone is worth nothing.
        let firstSlot = qs.filter { $0.answer == 0 }.count
        #expect(abs(Double(firstSlot) / Double(qs.count) - 0.25) < 0.03)
    }

    @Test func questionsFollowPopularity() {
        let kb = knowledgeBase(popularity: 1.0)
        var rng = Xoshiro256(seed: 5)
        let qs = kb.questions(count: 20_000, rng: &rng)
        let top = qs.filter { $0.fact == 0 }.count
        let expected = kb.popularity.probabilities[0] * 20_000
        #expect(abs(Double(top) - expected) < 5 * expected.squareRoot())
    }

    @Test func coverageOrderIsAPermutationFavouringPopularFacts() {
        let kb = knowledgeBase(popularity: 1.0)
        #expect(Set(kb.coverageOrder).count == kb.count)
        let firstHundred = kb.coverageOrder.prefix(100).map(Int.init)
        let lastHundred = kb.coverageOrder.suffix(100).map(Int.init)
        // Zipf(1) over 20,000 keeps half its mass in the tail, so tail facts do appear early;
        // the first hundred still sit far nearer the head than the last.
        #expect(firstHundred.reduce(0, +) * 3 < lastHundred.reduce(0, +))
        #expect(firstHundred.contains(0))
    }

    @Test func unitsHaveTheDocumentedShape() {
        let plain = knowledgeBase(), related = knowledgeBase(relation: 1999)
        #expect(plain.unit(of: 7) == [2007, plain.values[7]])
        #expect(related.unit(of: 7) == [2007, 1999, related.values[7]])
        #expect(related.context(of: 7) == [2007, 1999])
        #expect(plain.values.allSatisfy { (1..<129).contains($0) })
    }
}
