// The dense held-out law behind `recite width-limit`: rows are the language's conditionals, weights
// the held-out shares, and its entropy is the language's own held-out floor.
import Foundation
import ReciteWorlds
import Testing
@testable import ReciteLab

@Suite struct HeldOutLawTests {
    @Test(arguments: [1, 4, 16])
    func rowsWeightsAndFloorAgreeWithTheLanguage(sentenceLength: Int) throws {
        let world = try World(spec: WorldSpec(background: LanguageSpec(vocabulary: 37, successors: 4, structure: 0.85), seed: 9))
        let law = HeldOutLaw(world: world, sentenceLength: sentenceLength)
        let n = world.background.count
        #expect(law.classes == n)
        #expect(law.weights.count == n + 1, "BOS and every token")
        #expect(abs(law.weights.reduce(0, +) - 1) < 1e-12)
        #expect(abs(law.weights[0] - 1 / Double(max(sentenceLength, 2))) < 1e-12, "the first position's context is BOS (at least 2 tokens a sentence, as the evaluator scores)")
        var entropy = 0.0
        for r in 0..<law.weights.count {
            let row = law.target[(r * n)..<((r + 1) * n)]
            #expect(abs(row.reduce(0, +) - 1) < 1e-12)
            entropy += law.weights[r] * row.reduce(0.0) { $1 > 0 ? $0 - $1 * log($1) : $0 }
        }
        // Computed here from the dense rows; the language computes its floor from its sparse form.
        #expect(abs(entropy - law.floor) < 1e-9, "dense \(entropy) vs the language's \(law.floor)")
        // Row 1 is the first token's context: its row is the language's conditional after that id.
        let after = world.background.conditional(after: world.background.offset)
        for y in 0..<n { #expect(law.target[n + y] == after[y]) }
    }
}
