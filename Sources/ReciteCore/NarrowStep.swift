// The narrow-width training step's C kernels (CKernels/narrow_body.h), for the trainer and tests.
import CKernels

/// Row kernels for hidden widths H ≤ `maxWidth`, where a step is bound by its passes over the B·V
/// logits rather than by its three products: each row is made, soft-maxed and consumed in cache, and
/// the output gradient is accumulated per chunk of rows instead of by an sgemm over stored g.
public enum NarrowStep {
    /// The widest hidden layer the kernels take (`recite bench` chose it: see Trainer.swift).
    public static let maxWidth = Int(CK_NARROW_MAX_WIDTH)

    /// One chunk of rows: for each row, logits = h·W (+ bias), the fused softmax cross-entropy with
    /// g = (softmax − onehot)·gradScale, then `columnSum += g` (when given), `dh[r] = g·Wᵀ` and
    /// `accumulator += hᵀg` (`H × V`; the caller zeroes it). `row` is `V` floats of scratch.
    /// Returns Σ −log p(target) in Double, in row order.
    @inline(__always)
    static func rows(
        hidden h: UnsafePointer<Float>, rows: Int, width H: Int, output W: UnsafePointer<Float>, classes V: Int,
        bias: UnsafePointer<Float>?, targets: UnsafePointer<Int32>, gradScale: Float, row: UnsafeMutablePointer<Float>,
        hiddenGradient dh: UnsafeMutablePointer<Float>, accumulator: UnsafeMutablePointer<Float>,
        columnSum: UnsafeMutablePointer<Float>?, level: Softmax.KernelLevel? = nil
    ) -> Double {
        guard rows > 0 else { return 0 }
        return ck_narrow_rows(level.map { $0.rawValue } ?? -1, h, Int64(rows), Int64(H), W, Int64(V), bias, targets, gradScale,
                              row, dh, accumulator, columnSum)
    }

    /// Columns `j0..<j1` of Σ over `chunks` accumulators (in chunk order): into `gradient` when given,
    /// else into `W` as plain SGD, `W ← decay·W − lr·Σ`.
    @inline(__always)
    static func columns(
        accumulators: UnsafePointer<Float>, chunks: Int, width H: Int, classes V: Int, from j0: Int, to j1: Int,
        learningRate lr: Float, decay: Float, output W: UnsafeMutablePointer<Float>, gradient: UnsafeMutablePointer<Float>?,
        level: Softmax.KernelLevel? = nil
    ) {
        guard j1 > j0 else { return }
        ck_narrow_columns(level.map { $0.rawValue } ?? -1, accumulators, Int64(chunks), Int64(H), Int64(V), Int64(j0), Int64(j1),
                          lr, decay, W, gradient)
    }
}
