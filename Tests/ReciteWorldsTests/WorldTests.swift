import Foundation
import Testing

@testable import ReciteWorlds

// Specs decode with defaults, encode every key, and build the documented id layout.

@Suite struct WorldTests {
    @Test func idLayoutIsContiguous() throws {
        let world = try World(
            spec: WorldSpec(background: .code, facts: 100, relationToken: true, programs: 50, seed: 1))
        #expect(world.background.offset == 1)
        #expect(world.knowledge!.keyOffset == 1025)
        #expect(world.knowledge!.relationToken == 1125)
        #expect(world.programs!.promptOffset == 1126)
        #expect(world.vocabularySize == 1 + 1024 + 100 + 1 + 50)
        #expect(world.knowledge!.valueTokens == 1..<129)
        #expect(world.programs!.bodyTokens == 1..<1025)
        #expect(world.entropyRate == world.background.entropyRate)
        let plain = try World(spec: WorldSpec())
        #expect(plain.knowledge == nil && plain.programs == nil && plain.vocabularySize == 1025)
    }

    @Test func specsDecodeFromPresetNamesAndPartialMappings() throws {
        let json = #"{"background": "code", "facts": 10}"#
        let spec = try JSONDecoder().decode(WorldSpec.self, from: Data(json.utf8))
        #expect(spec.background == .code && spec.facts == 10 && spec.valueCount == 128 && spec.seed == 0)
        let partial = #"{"background": {"structure": 0.5}}"#
        let spec2 = try JSONDecoder().decode(WorldSpec.self, from: Data(partial.utf8))
        #expect(spec2.background.structure == 0.5 && spec2.background.vocabulary == 1024)
        #expect(throws: WorldError.self) {
            try JSONDecoder().decode(WorldSpec.self, from: Data(#"{"background": "prose"}"#.utf8))
        }
    }

    @Test func encodingWritesEveryKeyAndRoundTrips() throws {
        let spec = WorldSpec(background: .code, facts: 3, programs: 2, seed: 8)
        let data = try JSONEncoder().encode(spec)
        let object = try JSONSerialization.jsonObject(with: data) as! [String: Any]
        #expect(object.keys.count == 21)
        #expect((object["background"] as! [String: Any]).keys.count == 6)  // five numbers and the name
        #expect(try JSONDecoder().decode(WorldSpec.self, from: data) == spec)
        let corpus = try JSONEncoder().encode(CorpusSpec(regime: .fixedCompute, schedule: .massed))
        let corpusObject = try JSONSerialization.jsonObject(with: corpus) as! [String: Any]
        #expect(corpusObject.keys.count == 8)
        #expect(corpusObject["regime"] as? String == "fixed-compute")
        #expect(corpusObject["schedule"] as? String == "massed")
    }

    @Test func invalidSpecsNameTheField() {
        #expect(throws: WorldError.invalidField(spec: "background", field: "structure", expected: "a number in [0, 1)", found: "1.0")) {
            try World(spec: WorldSpec(background: LanguageSpec(structure: 1.0)))
        }
        #expect(throws: WorldError.self) { try World(spec: WorldSpec(facts: 5, valueCount: 2000)) }
        #expect(throws: WorldError.self) { try CorpusSpec(regime: .fixedCompute, budget: 3, recitations: 4).validate() }
    }
}
