// One training step, allocation-free: forward, fused softmax + cross-entropy, three sgemm, update.

/// Trains one model with one optimizer over batches of at most `batchSize` examples.
public final class Trainer: @unchecked Sendable {
    public let model: LogBilinearModel
    public let optimizer: Optimizer
    public let schedule: LearningRateSchedule
    public let workspace: Workspace
    public let gradients: Gradients
    /// Steps taken.
    public private(set) var step = 0

    public init(model: LogBilinearModel, optimizer spec: OptimizerSpec, batchSize: Int, totalSteps: Int) {
        self.model = model
        optimizer = Optimizer(spec: spec, model: model)
        schedule = LearningRateSchedule(spec: spec, totalSteps: totalSteps)
        workspace = Workspace(model: model, capacity: batchSize)
        gradients = Gradients(model: model, capacity: batchSize)
    }

    /// One update on `n` examples (`contexts` is `n × k`). Returns the batch's mean loss before the
    /// update (NaN or ∞ when the run diverges; the caller decides what to do).
    @discardableResult
    public func step(contexts: UnsafePointer<Int32>, targets: UnsafePointer<Int32>, count n: Int) -> Double {
        let lr = schedule.rate(at: step)
        step += 1
        if optimizer.isPlainSGD {
            if BLAS.threads > 1 && n >= 2 {
                return splitSGDStep(contexts: contexts, targets: targets, count: n, learningRate: lr) / Double(n)
            }
            return fusedSGDStep(contexts: contexts, targets: targets, count: n, learningRate: lr) / Double(n)
        }
        let loss = model.lossAndGradients(contexts: contexts, targets: targets, count: n, workspace: workspace, gradients: gradients)
        optimizer.step(model: model, gradients: gradients, learningRate: lr)
        return loss / Double(n)
    }

    /// Plain SGD fused into the backward products: no gradient buffer for `W`, `b` or `E`.
    ///   dh = g·Wᵀ                       (before W changes)
    ///   W ← (1 − lr·λ)·W − lr·hᵀg       (one sgemm with β = 1 − lr·λ)
    ///   b ← b − lr·Σ_rows g            (Σ_rows g accumulated inside the softmax pass)
    ///   E ← (1 − lr·λ)·E;  E[rows] −= lr·dh
    private func fusedSGDStep(contexts: UnsafePointer<Int32>, targets: UnsafePointer<Int32>, count n: Int, learningRate lr: Float) -> Double {
        let ws = workspace, m = model
        let loss = m.forwardLoss(contexts: contexts, targets: targets, count: n, workspace: ws)
        let h = m.hiddenSize, v = m.outputClasses
        let decay = 1 - lr * optimizer.spec.weightDecay
        BLAS.sgemm(.none, .transposed, m: n, n: h, k: v, a: ws.logits.base, b: m.output.base, c: ws.hiddenGradient.base)
        BLAS.sgemm(.transposed, .none, m: h, n: v, k: n, alpha: -lr, a: ws.hidden.base, b: ws.logits.base,
                   beta: decay, c: m.output.base)
        if m.bias.count > 0 { Vector.axpy(v, -lr, ws.columnSums.base, m.bias.base) }
        if decay != 1 { BLAS.sscal(n: m.embeddings.count, alpha: decay, x: m.embeddings.base) }
        m.scatter(contexts: contexts, count: n, hiddenGradient: ws.hiddenGradient.base, alpha: -lr,
                  into: m.embeddings.base, record: nil)
        return loss
    }
}
