import Foundation
import ReciteCore
import Testing

@testable import ReciteWorlds

// Entropy rate, stationary distribution and sampling of the Markov languages.

/// Relative tolerance between the empirical cross-entropy of a sample and the exact entropy rate.
private let empiricalTolerance = 0.01
/// Tolerance for identities that hold up to round-off.
private let exactTolerance = 1e-10

/// −mean log P(next | previous) over one long chain started from π.
private func empiricalCrossEntropy(_ lang: MarkovLanguage, tokens: Int, seed: UInt64) -> Double {
    var rng = Xoshiro256(seed: seed, stream: 99)
    var x: Int32 = 0
    var total = 0.0
    for i in 0..<tokens {
        let y = lang.next(after: x, rng: &rng)
        if i > 0 { total -= lang.logProbability(of: y, after: x) }
        x = y
    }
    return total / Double(tokens - 1)
}

@Suite struct MarkovLanguageTests {
    @Test(arguments: ["web", "code"])
    func empiricalCrossEntropyMatchesEntropyRate(preset: String) throws {
        let lang = MarkovLanguage(spec: try LanguageSpec.preset(named: preset), seed: 7)
        let h = empiricalCrossEntropy(lang, tokens: 400_000, seed: 3)
        let rel = abs(h - lang.entropyRate) / lang.entropyRate
        print("\(preset): entropy rate \(lang.entropyRate), empirical \(h), relative error \(rel)")
        #expect(rel < empiricalTolerance)
    }

    @Test func codeIsMarkedlyMoreDeterministicThanWeb() {
        let web = MarkovLanguage(spec: .web, seed: 1), code = MarkovLanguage(spec: .code, seed: 1)
        #expect(code.entropyRate < 0.5 * web.entropyRate)
        #expect(web.entropyRate > 3.5)
    }

    @Test func stationaryDistributionIsAFixedPoint() {
        let spec = LanguageSpec(vocabulary: 200, unigramExponent: 1.1, successors: 5, successorExponent: 1.2, structure: 0.9)
        let lang = MarkovLanguage(spec: spec, offset: 1, seed: 5)
        let pi = lang.stationaryDistribution
        var next = [Double](repeating: 0, count: pi.count)
        for x in 0..<pi.count {
            let row = lang.conditional(after: Int32(x + 1))
            for y in 0..<pi.count { next[y] += pi[x] * row[y] }
        }
        let err = zip(pi, next).map { abs($0 - $1) }.max()!
        print("stationary fixed-point max error \(err)")
        #expect(err < exactTolerance)
        #expect(abs(pi.reduce(0, +) - 1) < exactTolerance)
    }

    @Test func sparseEntropyRateEqualsDenseComputation() {
        let spec = LanguageSpec(vocabulary: 150, unigramExponent: 0.8, successors: 7, successorExponent: 1.0, structure: 0.6)
        let lang = MarkovLanguage(spec: spec, offset: 1, seed: 2)
        let pi = lang.stationaryDistribution
        var dense = 0.0
        for x in 0..<pi.count {
            let row = lang.conditional(after: Int32(x + 1))
            #expect(abs(row.reduce(0, +) - 1) < exactTolerance)
            dense -= pi[x] * row.reduce(0) { $0 + ($1 > 0 ? $1 * log($1) : 0) }
        }
        #expect(abs(dense - lang.entropyRate) < exactTolerance)
    }

    @Test func logProbabilityAgreesWithConditional() {
        let lang = MarkovLanguage(spec: .code, offset: 10, seed: 4)
        for x: Int32 in [0, 10, 11, 500, 1033] {
            let row = lang.conditional(after: x)
            for y in [0, 1, 2, 3, 100, 1023] {
                #expect(abs(lang.logProbability(of: Int32(y) + 10, after: x) - log(row[y])) < exactTolerance)
            }
        }
    }

    @Test func successorsAreDistinctAndInRange() {
        for m in [3, 16, 90] {  // 90 > n/2 exercises the Efraimidis–Spirakis path
            let lang = MarkovLanguage(spec: LanguageSpec(vocabulary: 128, successors: m), seed: 9)
            for x in 0..<128 {
                let s = lang.successors(ofLocal: x)
                #expect(Set(s).count == m)
                #expect(s.allSatisfy { $0 >= 0 && $0 < 128 })
            }
        }
    }

    @Test func sentencesStayInTheLanguageAndAreReproducible() {
        let lang = MarkovLanguage(spec: .web, offset: 1, seed: 11)
        var a = Xoshiro256(seed: 1), b = Xoshiro256(seed: 1), c = Xoshiro256(seed: 2)
        let s = lang.sentence(length: 1000, rng: &a)
        #expect(s.count == 1000 && s.allSatisfy { $0 >= 1 && $0 <= 1024 })
        #expect(s == lang.sentence(length: 1000, rng: &b))
        #expect(s != lang.sentence(length: 1000, rng: &c))
    }

    @Test func largeVocabularyBuildsQuickly() {
        let clock = ContinuousClock()
        var lang: MarkovLanguage?
        let elapsed = clock.measure { lang = MarkovLanguage(spec: LanguageSpec.web.with(vocabulary: 40_960), seed: 1) }
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        print("n = 40,960: built with entropy rate \(lang!.entropyRate) in \(seconds) s")
        #expect(lang!.entropyRate.isFinite && lang!.entropyRate > 0)
        #expect(seconds < 1.5)
    }

    @Test func differentSeedsGiveDifferentStructure() {
        let a = MarkovLanguage(spec: .web, seed: 1), b = MarkovLanguage(spec: .web, seed: 2)
        #expect(a.successorTable != b.successorTable)
        #expect(a.successorTable == MarkovLanguage(spec: .web, seed: 1).successorTable)
    }
}
