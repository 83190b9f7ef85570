// One training step of the recurrent-depth model: draw r, forward through r applications of the
// block, truncated backward through the last min(k_bp, r), update through `Optimizer` (SGD with
// momentum and L2 decay; AdamW with bias correction and decoupled decay) over this model's six buffers.

/// Trains one recurrent-depth model with recurrence counts from `RecurrenceSampler`.
public final class RecurrentTrainer: @unchecked Sendable {
    public let model: RecurrentDepthModel
    public let spec: OptimizerSpec
    public let schedule: LearningRateSchedule
    public let sampler: RecurrenceSampler
    public let workspace: RecurrentWorkspace
    public let gradients: RecurrentGradients
    /// Steps taken.
    public private(set) var step = 0
    /// Recurrence count of the last step.
    public private(set) var lastRecurrences = 0
    /// Sum of the recurrence counts drawn so far (for FLOP accounting).
    public private(set) var recurrencesDrawn = 0
    /// Sum of `min(k_bp, r)` so far.
    public private(set) var truncatedDrawn = 0
    /// Draws r and the initial states; a stream of its own, so evaluation never shifts training.
    private var rng: Xoshiro256
    public let optimizer: Optimizer

    public init(model: RecurrentDepthModel, optimizer spec: OptimizerSpec, batchSize: Int, totalSteps: Int, seed: UInt64) {
        // As the log-bilinear trainer does: without it OpenBLAS ran its default thread count here,
        // and its idle threads spun in sched_yield between the block's small products (a quarter of
        // a run's CPU time in system calls, and two workers oversubscribed the cores).
        BLAS.useOneThread()
        self.model = model; self.spec = spec
        schedule = LearningRateSchedule(spec: spec, totalSteps: totalSteps)
        sampler = RecurrenceSampler(spec: model.block)
        workspace = RecurrentWorkspace(model: model, capacity: batchSize)
        gradients = RecurrentGradients(model: model, capacity: batchSize)
        rng = Xoshiro256(seed: seed, stream: 71)
        optimizer = Optimizer(spec: spec, parameterCounts: model.parameters.map(\.count))
    }

    /// One update on `n` examples at a recurrence count drawn from the sampler (or `recurrences`
    /// when given). Returns the batch's mean loss before the update (NaN/∞ when the run diverges).
    @discardableResult
    public func step(contexts: UnsafePointer<Int32>, targets: UnsafePointer<Int32>, count n: Int, recurrences: Int? = nil) -> Double {
        let r = recurrences ?? sampler.next(&rng)
        lastRecurrences = r; recurrencesDrawn += r; truncatedDrawn += min(r, model.block.backpropDepth)
        let lr = schedule.rate(at: step)
        step += 1
        let loss = model.lossAndGradients(contexts: contexts, targets: targets, count: n, recurrences: r, rng: &rng,
                                          workspace: workspace, gradients: gradients)
        update(learningRate: lr)
        return loss / Double(n)
    }

    /// Applies one update from `gradients` through `Optimizer`. Weight decay skips the biases c and b.
    private func update(learningRate lr: Float) {
        gradients.touchedRows.withUnsafeBufferPointer { rows in
            optimizer.step(parameters: model.parameters, gradients: gradients.buffers, decays: RecurrentDepthModel.decays,
                           embeddingWidth: model.width, touchedRows: UnsafeBufferPointer(rebasing: rows[..<gradients.touchedCount]),
                           learningRate: lr)
        }
        gradients.clearEmbeddingRows(width: model.width)
    }
}
