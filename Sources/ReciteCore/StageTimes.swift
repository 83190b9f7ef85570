// Seconds per stage of the training step, accumulated when a profile asks for them.

/// Where a step's time goes: filled by `Trainer` when its `stageTimes` is set (`recite profile`).
/// Costs two clock reads per stage per step; nothing is allocated after `init`.
public final class StageTimes: @unchecked Sendable {
    public enum Stage: Int, CaseIterable, Sendable {
        /// Gather and the logits product.
        case forward
        /// The fused softmax cross-entropy and its gradient.
        case softmax
        /// dh = g·Wᵀ.
        case backward
        /// W, b and E: the update product, bias, decay, scatter (and the optimizer off plain SGD).
        case update
    }

    /// Seconds per stage, indexed by `Stage.rawValue`.
    public private(set) var seconds = [Double](repeating: 0, count: Stage.allCases.count)
    private var last = 0.0

    public init() {}

    /// Starts a step's clock.
    @inline(__always) func start() { last = Benchmark.clock() }

    /// Charges the time since the previous mark to `stage`.
    @inline(__always) func lap(_ stage: Stage) {
        let t = Benchmark.clock()
        seconds[stage.rawValue] += t - last
        last = t
    }

    /// Seconds in `stage` so far.
    public subscript(_ stage: Stage) -> Double { seconds[stage.rawValue] }

    /// Seconds in all the stages so far: the training steps' time.
    public var total: Double { seconds.reduce(0, +) }
}
