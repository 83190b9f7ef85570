#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// One training step of the recurrent-depth model: draw r, forward through r applications of the
// block, truncated backward through the last min(k_bp, r), update. The update rules are
// `Optimizer`'s (SGD with momentum and L2 decay; AdamW with bias correction and decoupled decay),
// applied to this model's six buffers; `Optimizer` itself is typed to `LogBilinearModel`.

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
    private let first: [FloatBuffer]
    private let second: [FloatBuffer]

    public init(model: RecurrentDepthModel, optimizer spec: OptimizerSpec, batchSize: Int, totalSteps: Int, seed: UInt64) {
        self.model = model; self.spec = spec
        schedule = LearningRateSchedule(spec: spec, totalSteps: totalSteps)
        sampler = RecurrenceSampler(spec: model.block)
        workspace = RecurrentWorkspace(model: model, capacity: batchSize)
        gradients = RecurrentGradients(model: model, capacity: batchSize)
        rng = Xoshiro256(seed: seed, stream: 71)
        let needsFirst = spec.kind == .adamw || spec.momentum != 0
        first = needsFirst ? model.parameters.map { FloatBuffer(count: $0.count) } : []
        second = spec.kind == .adamw ? model.parameters.map { FloatBuffer(count: $0.count) } : []
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

    /// Applies one update from `gradients`. Weight decay skips the biases c and b.
    private func update(learningRate lr: Float) {
        let params = model.parameters, grads = gradients.buffers
        let t = step
        for p in 0..<params.count {
            let wd: Float = RecurrentDepthModel.decays[p] ? spec.weightDecay : 0
            let w = params[p].base, g = grads[p].base, n = params[p].count
            switch spec.kind {
            case .sgd where spec.momentum == 0:
                if p == 0 {
                    // Sparse embedding gradient: decay densely, update only the touched rows, zeroing
                    // each after use (rows may repeat).
                    if wd != 0 { BLAS.sscal(n: n, alpha: 1 - lr * wd, x: w) }
                    let d = model.width
                    for i in 0..<gradients.touchedCount {
                        let row = Int(gradients.touchedRows[i]) * d
                        BLAS.saxpy(n: d, alpha: -lr, x: g + row, y: w + row)
                        (g + row).update(repeating: 0, count: d)
                    }
                } else {
                    for i in 0..<n { w[i] -= lr * (g[i] + wd * w[i]) }
                }
            case .sgd:
                let mu = spec.momentum, buf = first[p].base
                for i in 0..<n {
                    let gi = g[i] + wd * w[i]
                    let b = t == 1 ? gi : mu * buf[i] + gi
                    buf[i] = b
                    w[i] -= lr * b
                }
            case .adamw:
                let b1 = spec.beta1, b2 = spec.beta2, eps = spec.epsilon
                let c1 = 1 / (1 - Float(pow(Double(b1), Double(t))))
                let c2 = 1 / (1 - Float(pow(Double(b2), Double(t))))
                let m = first[p].base, v = second[p].base, decay = 1 - lr * wd
                for i in 0..<n {
                    let gi = g[i]
                    let mi = b1 * m[i] + (1 - b1) * gi
                    let vi = b2 * v[i] + (1 - b2) * gi * gi
                    m[i] = mi; v[i] = vi
                    w[i] = w[i] * decay - lr * (mi * c1) / ((vi * c2).squareRoot() + eps)
                }
            }
        }
        gradients.clearEmbeddingRows(width: model.width)
    }
}
