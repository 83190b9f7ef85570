// The recurrent block's activation through the C kernel (CKernels/tanh_body.h), the only use of
// that kernel. It replaced a loop of the C library's scalar `tanhf`, two thirds of one application
// of the block at the committed shape (README, Performance).
//
// Bits: within 2 ulp of the true tanh at every level (1.51 measured; TanhKernelTests), not
// bit-identical to `tanhf`, so the recurrence results changed in their low bits when it came in.
// As for the softmax kernels, the level is chosen once per process and every element goes through
// the same lanes whatever its position, so the same inputs give the same bits at any thread count.
import CKernels

public enum Activation {
    /// `out[i] = tanh(x[i])` for `n` Floats through the C kernel (best level, or `level`); `out` may be `x`.
    @inline(__always)
    public static func tanh(_ x: UnsafePointer<Float>, into out: UnsafeMutablePointer<Float>, count n: Int,
                            level: Softmax.KernelLevel? = nil) {
        guard n > 0 else { return }
        ck_tanh(level?.rawValue ?? -1, x, out, Int64(n))
    }
}
