import Foundation
import ReciteCore
import Testing

@testable import ReciteWorlds

// Program prompts made of ordinary text tokens (`world.program_prompts_from_text`): the pool is the
// most frequent background tokens, no ids of their own, validation, and the default unchanged.

@Suite struct PromptsFromTextTests {
    private func spec(fromText: Bool, promptLength: Int = 2, pool: Int = 16) -> WorldSpec {
        var s = WorldSpec(background: LanguageSpec(vocabulary: 64), programs: 100, programLength: 4,
                          programPromptLength: promptLength, programPromptPool: pool, seed: 5)
        s.programPromptsFromText = fromText
        return s
    }

    @Test func promptTokensAreTheMostFrequentBackgroundTokens() throws {
        let w = try World(spec: spec(fromText: true))
        let ps = w.programs!
        #expect(ps.promptOffset == 1)
        #expect(ps.prompts.allSatisfy { $0 >= 1 && $0 < 17 })
        #expect(Set((0..<ps.count).map { Array(ps.prompt(of: $0)) }).count == ps.count)
        // No ids of their own: BOS and the background only.
        #expect(w.vocabularySize == 1 + 64 && w.spec.promptTokenCount == 0)
    }

    @Test func theSameDrawsAsDedicatedPromptsShiftedOntoText() throws {
        let own = try World(spec: spec(fromText: false)).programs!, text = try World(spec: spec(fromText: true)).programs!
        #expect(text.prompts == own.prompts.map { $0 - own.promptOffset + 1 })
        #expect(text.bodies == own.bodies && text.coverageOrder == own.coverageOrder)
    }

    @Test func needsSharedPromptsThatFitTheVocabulary() {
        #expect(throws: WorldError.self) { try World(spec: self.spec(fromText: true, pool: 65)) }
        #expect(throws: WorldError.self) { try World(spec: self.spec(fromText: true, promptLength: 1, pool: 0)) }
        #expect((try? World(spec: spec(fromText: false, pool: 65))) != nil)
    }

    @Test func writtenOnlyWhenOn() throws {
        let off = String(decoding: try JSONEncoder().encode(spec(fromText: false)), as: UTF8.self)
        let on = try JSONEncoder().encode(spec(fromText: true))
        #expect(!off.contains("programPromptsFromText"))
        #expect(try JSONDecoder().decode(WorldSpec.self, from: on).programPromptsFromText)
    }
}
