// When a run has blown up: a loss that is not finite, or far above what a model that knows nothing
// scores. The uniform guess costs ln V nats per token; a model ten times worse than that (4.9e37
// with a negative learning rate, 69,600 with AdamW at learning rate 70) is not learning anything,
// and recording its numbers as `ok` would put them into means and fits.
import Foundation

public enum Divergence {
    /// The largest loss a run may show and still count as training: `10 · ln V` nats per token.
    public static func lossBound(vocabulary v: Int) -> Double { 10 * log(Double(max(v, 2))) }

    /// Whether a loss (training batch or held-out) means the run diverged.
    public static func isDiverged(loss: Double, vocabulary v: Int) -> Bool { !loss.isFinite || loss > lossBound(vocabulary: v) }

    /// Whether a checkpoint's evaluations mean the run diverged: any metric NaN or ∞, or the loss past the bound.
    public static func isDiverged(_ values: [(EvalKind, Double)], vocabulary v: Int) -> Bool {
        values.contains { !$0.1.isFinite || ($0.0 == .loss && isDiverged(loss: $0.1, vocabulary: v)) }
    }
}
