import Foundation
import ReciteCore
import Testing

@testable import ReciteWorlds

// Programs with prompts of shared tokens and Zipfian bodies: distinct tuples over a pool, the id
// layout, validation, the unchanged default world, body-token frequency, and the difficulty classes.

@Suite struct SharedPromptTests {
    private func world(promptLength: Int = 2, pool: Int = 16, exponent: Double = 0, body: Double = 0) throws -> World {
        try World(spec: WorldSpec(background: LanguageSpec(vocabulary: 64), programs: 100, programLength: 4,
                                  programBodyExponent: body, programPromptLength: promptLength, programPromptPool: pool,
                                  programPromptTokenExponent: exponent, seed: 5))
    }

    @Test func promptsAreDistinctTuplesFromThePool() throws {
        let w = try world()
        let ps = w.programs!
        #expect(ps.promptLength == 2 && ps.promptTokenCount == 16 && ps.unitLength == 6)
        let tuples = (0..<ps.count).map { Array(ps.prompt(of: $0)) }
        #expect(Set(tuples).count == ps.count)
        #expect(ps.prompts.allSatisfy { $0 >= ps.promptOffset && $0 < ps.promptOffset + 16 })
        #expect(ps.unit(of: 3) == tuples[3] + Array(ps.body(of: 3)))
        var rng = Xoshiro256(seed: 1)
        #expect(ps.evalItems(count: 50, rng: &rng).allSatisfy { $0.prompt == Array(ps.prompt(of: $0.program)) })
        #expect(w.vocabularySize == 1 + 64 + 16 && w.spec.promptTokenCount == 16)
    }

    @Test func oneTokenPromptsAreTheOriginalWorld() throws {
        let w = try World(spec: WorldSpec(background: LanguageSpec(vocabulary: 64), programs: 100, programLength: 4, seed: 5))
        let ps = w.programs!
        #expect((0..<100).allSatisfy { Array(ps.prompt(of: $0)) == [ps.promptOffset + Int32($0)] })
        #expect(w.vocabularySize == 1 + 64 + 100 && ps.unitLength == 5)
        // The uniform body path draws exactly what it drew before the exponent existed.
        var rng = Xoshiro256(seed: 5, stream: 4)
        #expect(ps.bodies == (0..<400).map { _ in 1 + Int32(rng.nextInt(64)) })
    }

    @Test func aZipfianPoolUsesItsFirstTokensMost() throws {
        let ps = try world(pool: 32, exponent: 1.2).programs!
        let first = ps.prompts.filter { $0 == ps.promptOffset }.count, last = ps.prompts.filter { $0 == ps.promptOffset + 31 }.count
        #expect(first > last)
    }

    @Test func zipfianBodiesFavourTheCommonTokens() throws {
        let uniform = try world(body: 0).programs!.bodies, zipf = try world(body: 1).programs!.bodies
        // Zipf(1) over 64 tokens gives token 1 a share 1/H(64) ≈ 21%; uniform gives 1/64.
        #expect(zipf.filter { $0 == 1 }.count > 50 && uniform.filter { $0 == 1 }.count < 20)
        #expect(zipf.allSatisfy { $0 >= 1 && $0 < 65 })
    }

    @Test func difficultyClassesAreThirdsByTheRarestBodyToken() throws {
        let ps = try world(body: 1).programs!
        let (names, of) = ps.difficultyClasses
        #expect(names.count == 3)
        #expect((0..<3).allSatisfy { c in abs(of.filter { $0 == c }.count - 33) <= 1 })
        let rarest = (0..<ps.count).map { ps.body(of: $0).max()! }
        let easy = (0..<ps.count).filter { of[$0] == 0 }.map { rarest[$0] }.max()!
        let hard = (0..<ps.count).filter { of[$0] == 2 }.map { rarest[$0] }.min()!
        #expect(easy <= hard)
    }

    @Test func aPoolTooSmallForTheProgramsIsAnError() {
        #expect(throws: WorldError.self) { try self.world(pool: 7) }  // 7² = 49 < 2·100
        #expect(throws: WorldError.self) { try self.world(promptLength: 9) }
        #expect(throws: WorldError.self) { try self.world(exponent: -1) }
        #expect(throws: WorldError.self) { try self.world(body: .nan) }
    }
}
