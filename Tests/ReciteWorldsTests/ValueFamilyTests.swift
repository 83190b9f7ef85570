import Foundation
import ReciteCore
import Testing

@testable import ReciteWorlds

// Structured knowledge: a fact's first key token is its family, each family has a few typical
// values, and a share of facts take one of them. Planted cases: share 1 gives every fact a typical
// value, share 0 ties no value to its family, the value law averaged over worlds is the prior (so
// questions stay fair), the plain world is unchanged, and bad settings are errors naming the field.

@Suite struct ValueFamilyTests {
    private func spec(typical: Int, share: Double, facts: Int = 400, keyLength: Int = 2, seed: UInt64 = 5) -> WorldSpec {
        WorldSpec(background: LanguageSpec(vocabulary: 64), facts: facts, valueCount: 32, valuePriorExponent: 1.0,
                  keyLength: keyLength, keyPool: 32, familyValues: typical, familyShare: share, seed: seed)
    }

    @Test func shareOneGivesEveryFactATypicalValueOfItsFamily() throws {
        let kb = try World(spec: spec(typical: 2, share: 1)).knowledge!
        #expect(kb.familyValues.count == 32 && kb.familyValues.allSatisfy { $0.count == 2 })
        for i in 0..<kb.count {
            let f = kb.family(of: i)!
            #expect(f == Int(kb.keyTokens(of: i).first! - kb.keyOffset))
            #expect(kb.familyValues[f].contains(Int(kb.values[i] - kb.valueTokens.lowerBound)))
        }
        #expect(kb.typicalFraction == 1)
    }

    @Test func shareZeroTiesNoValueToItsFamily() throws {
        // Two typical values out of 32 (Zipf 1): a prior draw hits one of them far less often than 1.
        let kb = try World(spec: spec(typical: 2, share: 0)).knowledge!
        #expect(kb.typicalFraction < 0.4, "\(kb.typicalFraction)")
        let half = try World(spec: spec(typical: 2, share: 0.5)).knowledge!
        #expect(half.typicalFraction > 0.5 && half.typicalFraction < 0.8, "\(half.typicalFraction)")
    }

    @Test func withoutFamiliesTheWorldIsThePlainOne() throws {
        let plain = try World(spec: WorldSpec(background: LanguageSpec(vocabulary: 64), facts: 400, valueCount: 32,
                                              valuePriorExponent: 1.0, keyLength: 2, keyPool: 32, seed: 5)).knowledge!
        let zero = try World(spec: spec(typical: 0, share: 0.8)).knowledge!
        #expect(plain.values == zero.values && plain.familyValues.isEmpty && plain.family(of: 0) == nil)
        #expect(!plain.hasTypicalValue(0) && plain.typicalFraction == 0)
    }

    @Test func theValueLawAveragedOverWorldsIsThePrior() throws {
        // A uniform pick among prior draws is a prior draw: typical values must not tilt the answers.
        var counts = [Double](repeating: 0, count: 32)
        var total = 0.0
        for seed in 1...60 {
            let kb = try World(spec: spec(typical: 2, share: 0.8, seed: UInt64(seed))).knowledge!
            for v in kb.values { counts[Int(v - kb.valueTokens.lowerBound)] += 1; total += 1 }
        }
        let prior = AliasTable.zipfWeights(count: 32, exponent: 1.0)
        let z = prior.reduce(0, +)
        for v in [0, 1, 2, 5, 31] {
            let expected = prior[v] / z, seen = counts[v] / total
            #expect(abs(seen - expected) < 0.15 * expected + 0.002, "rank \(v): \(seen) vs \(expected)")
        }
    }

    @Test func badSettingsAreErrorsNamingTheField() {
        for (s, field) in [(spec(typical: 33, share: 0.5), "familyValues"), (spec(typical: -1, share: 0.5), "familyValues"),
                           (spec(typical: 2, share: 0.5, keyLength: 1), "familyValues"), (spec(typical: 2, share: 1.5), "familyShare"),
                           (spec(typical: 2, share: -.nan), "familyShare")] {
            do { _ = try World(spec: s); Issue.record("accepted \(field)") } catch { #expect("\(error)".contains(field), "\(error)") }
        }
    }
}
