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
}
