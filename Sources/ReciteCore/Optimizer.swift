// Parameter updates: SGD (momentum, L2 weight decay) and AdamW, over aligned buffers in place.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Optimizer state for one model; `step` applies one update from `Gradients`.
public final class Optimizer: @unchecked Sendable {
    public let spec: OptimizerSpec
    /// Updates taken so far.
    public private(set) var steps = 0
    /// Momentum (SGD) or first moment (AdamW), one per parameter buffer.
    private let first: [FloatBuffer]
    /// Second moment (AdamW only).
    private let second: [FloatBuffer]

    public init(spec: OptimizerSpec, model: LogBilinearModel) {
        self.spec = spec
        let needsFirst = spec.kind == .adamw || spec.momentum != 0
        first = needsFirst ? model.parameters.map { FloatBuffer(count: $0.count) } : []
        second = spec.kind == .adamw ? model.parameters.map { FloatBuffer(count: $0.count) } : []
    }

    /// Whether this is plain SGD (no momentum), whose update needs no stored gradient: the trainer
    /// then fuses it into the backward products.
    public var isPlainSGD: Bool { spec.kind == .sgd && spec.momentum == 0 }

    /// Applies one update with learning rate `lr`. Weight decay skips the bias (index 2).
    public func step(model: LogBilinearModel, gradients: Gradients, learningRate lr: Float) {
        steps += 1
        let params = model.parameters, grads = gradients.buffers
        for p in 0..<params.count {
            let wd: Float = p == 2 ? 0 : spec.weightDecay
            let w = params[p].base, g = grads[p].base, n = params[p].count
            switch spec.kind {
            case .sgd:
                if spec.momentum == 0 {
                    if p == 0 {
                        // Sparse gradient: decay densely, then update only the touched rows.
                        if wd != 0 { BLAS.sscal(n: n, alpha: 1 - lr * wd, x: w) }
                        let d = model.width
                        for t in 0..<gradients.touchedCount {
                            let row = Int(gradients.touchedRows[t]) * d
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
                let b1 = spec.beta1, b2 = spec.beta2, eps = spec.epsilon
                let c1 = 1 / (1 - Float(pow(Double(b1), Double(steps))))
                let c2 = 1 / (1 - Float(pow(Double(b2), Double(steps))))
                let m = first[p].base, v = second[p].base
                let decay = 1 - lr * wd
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
