// Parameter updates: SGD (momentum, L2 weight decay) and AdamW, over aligned buffers in place.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Optimizer state for one model's parameter buffers; `step` applies one update. Buffer 0 is always
/// the embedding table, whose gradient is sparse: only `touchedRows` are non-zero. Both the
/// log-bilinear trainer and the recurrent-depth trainer update through this one type.
public final class Optimizer: @unchecked Sendable {
    public let spec: OptimizerSpec
    /// Updates taken so far.
    public private(set) var steps = 0
    /// Momentum (SGD) or first moment (AdamW), one per parameter buffer.
    private let first: [FloatBuffer]
    /// Second moment (AdamW only).
    private let second: [FloatBuffer]
    /// Lazy AdamW: per embedding row, the last step that updated it (a row listed twice in one
    /// batch is updated once). Sized at the first lazy step, the only allocation.
    private var rowUpdatedAt: [Int] = []

    /// State for buffers of these sizes.
    public init(spec: OptimizerSpec, parameterCounts: [Int]) {
        self.spec = spec
        let needsFirst = spec.kind == .adamw || spec.momentum != 0
        first = needsFirst ? parameterCounts.map { FloatBuffer(count: $0) } : []
        second = spec.kind == .adamw ? parameterCounts.map { FloatBuffer(count: $0) } : []
    }

    public convenience init(spec: OptimizerSpec, model: LogBilinearModel) {
        self.init(spec: spec, parameterCounts: model.parameters.map(\.count))
    }

    /// Whether this is plain SGD (no momentum, no clipping), whose update needs no stored gradient: the trainer
    /// then fuses it into the backward products.
    public var isPlainSGD: Bool { spec.kind == .sgd && spec.momentum == 0 && spec.clipNorm == 0 }

    /// The L2 norm of the last step's whole gradient, before clipping (NaN before the first step or
    /// without clipping, which never measures it).
    public private(set) var lastGradientNorm = Float.nan
    /// Steps whose gradient clipping shrank (`spec.clipNorm`).
    public private(set) var clippedSteps = 0
    /// `clippedSteps` for a run's record: nil when the spec does not clip.
    public var clippedStepsIfClipping: Int? { spec.clipNorm > 0 ? clippedSteps : nil }

    /// Global-norm clipping: scales every gradient buffer by `clipNorm / ‖g‖` when `‖g‖` exceeds it.
    /// The embedding gradient is dense here (zero outside the touched rows), so its norm needs no
    /// bookkeeping of repeated rows.
    private func clip(_ grads: [FloatBuffer]) {
        var squares: Double = 0
        for g in grads where g.count > 0 { squares += Double(BLAS.sdot(n: g.count, x: g.base, y: g.base)) }
        let norm = squares.squareRoot()
        lastGradientNorm = Float(norm)
        guard norm > spec.clipNorm else { return }
        clippedSteps += 1
        let scale = Float(spec.clipNorm / norm)
        for g in grads where g.count > 0 { BLAS.sscal(n: g.count, alpha: scale, x: g.base) }
    }

    /// Weight decay applies to the log-bilinear buffers E, W, and not to the bias b (index 2).
    private static let logBilinearDecays = [true, true, false]

    /// Applies one update of the log-bilinear model with learning rate `lr`. Weight decay skips the bias (index 2).
    public func step(model: LogBilinearModel, gradients: Gradients, learningRate lr: Float) {
        gradients.touchedRows.withUnsafeBufferPointer { rows in
            step(parameters: model.parameters, gradients: gradients.buffers, decays: Self.logBilinearDecays,
                 embeddingWidth: model.width, touchedRows: UnsafeBufferPointer(rebasing: rows[..<gradients.touchedCount]),
                 learningRate: lr)
        }
        gradients.clearEmbeddingRows(width: model.width)
    }

    /// Applies one update to `parameters` from `gradients` (same order and sizes). `decays[p]` says
    /// whether weight decay applies to buffer `p`; buffer 0's gradient is non-zero only in the rows
    /// listed in `touchedRows` (of width `embeddingWidth`), which plain SGD zeroes as it applies them.
    public func step(parameters params: [FloatBuffer], gradients grads: [FloatBuffer], decays: [Bool], embeddingWidth d: Int,
                     touchedRows: UnsafeBufferPointer<Int32>, learningRate lr: Float) {
        steps += 1
        if spec.clipNorm > 0 { clip(grads) }
        for p in 0..<params.count {
            let wd: Float = decays[p] ? spec.weightDecay : 0
            let w = params[p].base, g = grads[p].base, n = params[p].count
            switch spec.kind {
            case .sgd:
                if spec.momentum == 0 {
                    if p == 0 {
                        // Sparse gradient: decay densely, then update only the touched rows.
                        if wd != 0 { BLAS.sscal(n: n, alpha: 1 - lr * wd, x: w) }
                        for t in touchedRows {
                            let row = Int(t) * d
                            // Rows may repeat: apply each once by zeroing after use.
                            BLAS.saxpy(n: d, alpha: -lr, x: g + row, y: w + row)
                            (g + row).update(repeating: 0, count: d)
                        }
                    } else {
                        for i in 0..<n { w[i] -= lr * (g[i] + wd * w[i]) }
                    }
                } else {
                    let mu = spec.momentum, buf = first[p].base, firstStep = steps == 1
                    for i in 0..<n {
                        let gi = g[i] + wd * w[i]
                        let b = firstStep ? gi : mu * buf[i] + gi
                        buf[i] = b
                        w[i] -= lr * b
                    }
                }
            case .adamw:
                let (c1, c2) = Self.adamwCorrections(beta1: spec.beta1, beta2: spec.beta2, step: steps)
                if p == 0 && spec.lazyEmbeddings {
                    lazyAdamW(w: w, g: g, m: first[p].base, v: second[p].base, count: n, width: d, rows: touchedRows,
                              c1: c1, c2: c2, learningRate: lr, decay: 1 - lr * wd)
                    continue
                }
                Self.adamw(w: w, g: g, m: first[p].base, v: second[p].base, count: n, beta1: spec.beta1, beta2: spec.beta2,
                           c1: c1, c2: c2, learningRate: lr, epsilon: spec.epsilon, decay: 1 - lr * wd)
            }
        }
    }

    /// AdamW on the listed rows of the embedding table alone, each once: every listed row goes through
    /// the dense kernel's per-element operations on its own moments; the other rows keep their
    /// parameters and moments.
    private func lazyAdamW(w: UnsafeMutablePointer<Float>, g: UnsafePointer<Float>, m: UnsafeMutablePointer<Float>,
                           v: UnsafeMutablePointer<Float>, count n: Int, width d: Int, rows: UnsafeBufferPointer<Int32>,
                           c1: Float, c2: Float, learningRate lr: Float, decay: Float) {
        guard d > 0 else { return }
        if rowUpdatedAt.count != n / d { rowUpdatedAt = [Int](repeating: 0, count: n / d) }
        rowUpdatedAt.withUnsafeMutableBufferPointer { stamp in
            for t in rows {
                let r = Int(t)
                guard stamp[r] != steps else { continue }
                stamp[r] = steps
                let at = r * d
                Self.adamw(w: w + at, g: g + at, m: m + at, v: v + at, count: d, beta1: spec.beta1, beta2: spec.beta2,
                           c1: c1, c2: c2, learningRate: lr, epsilon: spec.epsilon, decay: decay)
            }
        }
    }
}
