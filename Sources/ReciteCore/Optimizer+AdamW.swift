// The dense AdamW update of one buffer: the C kernel (CKernels/optimizer.c, AVX-512/AVX2/baseline)
// and the plain Swift loop it replaced, kept as the reference the tests compare it with bit for bit.
//
// Why C: Swift compiles for the x86-64 baseline, so this loop ran four lanes at a time with a
// divide and a square root per element; it was 71% of recitation-exact's step (README,
// Performance). The kernel performs the same operations in the same order with FMA contraction
// off, and IEEE multiply, add, divide and square root are correctly rounded at any vector width,
// so the bits do not change.
import CKernels
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension Optimizer {
    /// The constants of one AdamW update at step `t` (1-based): the bias corrections 1/(1 − βᵗ).
    @inline(__always)
    static func adamwCorrections(beta1 b1: Float, beta2 b2: Float, step t: Int) -> (c1: Float, c2: Float) {
        (1 / (1 - Float(pow(Double(b1), Double(t)))), 1 / (1 - Float(pow(Double(b2), Double(t)))))
    }

    /// One AdamW update of `n` parameters in place through the C kernel (best level, or `level`).
    static func adamw(w: UnsafeMutablePointer<Float>, g: UnsafePointer<Float>, m: UnsafeMutablePointer<Float>,
                      v: UnsafeMutablePointer<Float>, count n: Int, beta1 b1: Float, beta2 b2: Float, c1: Float, c2: Float,
                      learningRate lr: Float, epsilon eps: Float, decay: Float, level: Softmax.KernelLevel? = nil) {
        ck_adamw(level?.rawValue ?? -1, w, g, m, v, Int64(n), b1, b2, c1, c2, lr, eps, decay)
    }

    /// The plain Swift loop (the reference): the same operations, element by element.
    static func adamwReference(w: UnsafeMutablePointer<Float>, g: UnsafePointer<Float>, m: UnsafeMutablePointer<Float>,
                               v: UnsafeMutablePointer<Float>, count n: Int, beta1 b1: Float, beta2 b2: Float, c1: Float,
                               c2: Float, learningRate lr: Float, epsilon eps: Float, decay: Float) {
        for i in 0..<n {
            let gi = g[i]
            let mi = b1 * m[i] + (1 - b1) * gi
            let vi = b2 * v[i] + (1 - b2) * gi * gi
            m[i] = mi; v[i] = vi
            w[i] = w[i] * decay - lr * (mi * c1) / ((vi * c2).squareRoot() + eps)
        }
    }
}
