// Evaluation data in the training layout: held-out units turned into (context, target) arrays.

/// Every (context, target) example of a list of units, in the same layout `ExampleStream.fill`
/// writes, so evaluation can run the model's batched forward pass on it unchanged.
public struct ExampleArrays: Sendable {
    /// Context length `k`.
    public let contextLength: Int
    /// Row-major `count × k`, most recent first, BOS-padded.
    public let contexts: [Int32]
    /// One target per example.
    public let targets: [Int32]
    /// Number of examples: the total length of the units.
    public var count: Int { targets.count }

    /// Examples of every token of every unit, units in the given order.
    public init<S: Sequence>(units: S, contextLength k: Int) where S.Element: Collection, S.Element.Element == Int32 {
        precondition(k >= 0, "contextLength must be non-negative")
        var ctx: [Int32] = [], tgt: [Int32] = []
        for unit in units {
            let u = Array(unit)
            for t in 0..<u.count {
                tgt.append(u[t])
                for j in 0..<k { ctx.append(t - 1 - j >= 0 ? u[t - 1 - j] : 0) }
            }
        }
        contextLength = k
        contexts = ctx
        targets = tgt
    }

    /// Examples of `count` held-out background sentences of `length` tokens (see
    /// `World.heldOutSentences`); the loss floor on them is `background.sentenceEntropy(length:)`.
    public static func heldOutBackground(
        world: World, sentences count: Int, length: Int, contextLength k: Int, seed: UInt64
    ) -> ExampleArrays {
        ExampleArrays(units: world.heldOutSentences(count: count, length: length, seed: seed), contextLength: k)
    }
}
