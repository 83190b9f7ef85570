import Foundation
import ReciteCore
import Testing

@testable import ReciteWorlds

// Keys of shared tokens: distinct tuples over a pool, the documented id layout, validation, and
// exposure counting (each covered fact presented exactly R times, once per spaced pass).

@Suite struct SharedKeyTests {
    private func world(keyLength: Int = 2, pool: Int = 16, exponent: Double = 0) throws -> World {
        try World(spec: WorldSpec(background: LanguageSpec(vocabulary: 64), facts: 100, valueCount: 32,
                                  keyLength: keyLength, keyPool: pool, keyTokenExponent: exponent, seed: 5))
    }

    @Test func keysAreDistinctTuplesFromThePool() throws {
        let kb = try world().knowledge!
        #expect(kb.keyLength == 2 && kb.keyPool == 16 && kb.unitLength == 3)
        let tuples = (0..<kb.count).map { Array(kb.keyTokens(of: $0)) }
        #expect(Set(tuples).count == kb.count)
        #expect(kb.keys.allSatisfy { $0 >= kb.keyOffset && $0 < kb.keyOffset + 16 })
        #expect(kb.unit(of: 3) == tuples[3] + [kb.values[3]])
        #expect(kb.context(of: 3) == tuples[3])
        // 100 facts over 16 tokens: every token is shared.
        #expect(kb.keyTokenUse.count == 16 && kb.keyTokenUse.allSatisfy { $0 >= 2 })
    }

    @Test func theVocabularyHoldsThePoolNotOneTokenPerFact() throws {
        let w = try world()
        #expect(w.vocabularySize == 1 + 64 + 16)
        #expect(w.spec.keyTokenCount == 16)
    }

    @Test func oneTokenKeysAreTheOriginalWorld() throws {
        let w = try World(spec: WorldSpec(background: LanguageSpec(vocabulary: 64), facts: 100, valueCount: 32, seed: 5))
        let kb = w.knowledge!
        #expect((0..<100).allSatisfy { kb.key(of: $0) == kb.keyOffset + Int32($0) && kb.keyTokens(of: $0).count == 1 })
        #expect(w.vocabularySize == 1 + 64 + 100)
    }

    @Test func aZipfianPoolUsesItsFirstTokensMost() throws {
        let use = try world(pool: 32, exponent: 1.2).knowledge!.keyTokenUse
        #expect(use[0] > use[31])
    }

    @Test func aPoolTooSmallForTheFactsIsAnError() {
        #expect(throws: WorldError.self) { try self.world(pool: 7) }  // 7² = 49 < 2·100
        #expect(throws: WorldError.self) { try self.world(keyLength: 9) }
    }

    @Test func eachCoveredFactIsPresentedExactlyRTimesOncePerPass() throws {
        let w = try world()
        let r = 5
        let corpus = try Corpus(world: w, spec: CorpusSpec(budget: 300, recitations: r, seed: 2))
        let units = corpus.unitCount
        var perPass = [[Int]](repeating: [Int](repeating: 0, count: units), count: r)
        for (i, u) in corpus.order.enumerated() { perPass[i / units][Int(u)] += 1 }
        for pass in perPass { #expect(corpus.factUnits.allSatisfy { pass[$0] == 1 }) }
        #expect(!corpus.factUnits.isEmpty)
        for (j, f) in corpus.coveredFacts.enumerated() {
            #expect(Array(corpus.unit(corpus.factUnits.lowerBound + j)) == w.knowledge!.unit(of: f))
        }
    }
}
