// A world's held-out next-token law as dense rows: one row per one-token context (BOS, then each
// background token), weighted by that context's share of held-out positions, over the language's
// own tokens. The target of `recite width-limit`: the same expectation `ExactHeldOut` scores a
// trained model against, so the minimum it reaches is directly comparable with the runs' losses.
import ReciteWorlds

/// The exact held-out law of one world's background language at one sentence length.
public struct HeldOutLaw: Sendable {
    /// Row-major `contexts × classes`: `P(y | context)` over the language's tokens in id order.
    public let target: [Double]
    /// Each context's share of held-out positions (they sum to 1).
    public let weights: [Double]
    /// Output classes: the language's tokens. BOS and any other id are never emitted, so a model's
    /// best logit for them is −∞ and they are left out rather than chased there.
    public let classes: Int
    /// The language's exact held-out entropy (`sentenceEntropy(length:)`): the floor of any model.
    public let floor: Double

    /// Cost: O(V²) for the dense rows (V = the language's size; 1,024 → 1M doubles).
    /// `sentenceLength` as the experiment gives it; like the evaluator, at least 2 tokens are scored.
    public init(world: World, sentenceLength: Int) {
        let length = max(sentenceLength, 2)
        let exact = ExactHeldOut(world: world, sentenceLength: length)
        let language = world.background, n = language.count
        var target = [Double](repeating: 0, count: exact.contexts.count * n)
        for (r, x) in exact.contexts.enumerated() {
            let row = language.conditional(after: x)
            for y in 0..<n { target[r * n + y] = row[y] }
        }
        self.target = target
        weights = exact.contexts.indices.map(exact.share(ofContext:))
        classes = n
        floor = world.heldOutFloor(sentenceLength: length)
    }
}
