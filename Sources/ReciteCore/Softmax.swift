// Numerically stable softmax and cross-entropy: the public entry points, backed by the C row
// kernels of CKernels (the only file that imports that module).
//
// The C kernels are the Swift reference's formulas (Softmax+Reference.swift: max shift, Cephes exp
// polynomial, losses in Double) compiled three times, for AVX-512F, AVX2+FMA and the baseline, and
// dispatched once per process from `__builtin_cpu_supports`. Results are therefore deterministic on
// a machine (same inputs, same bits, whatever the thread count) but may differ in the last bits
// between machines with different instruction sets, and from the Swift reference (FMA rounds
// once). Tests compare every level against a Double reference and against each other.
import CKernels

public enum Softmax {
    // MARK: - Dispatch levels

    /// The instruction-set levels of the C kernels, lowest first.
    public enum KernelLevel: Int32, CaseIterable, Sendable, CustomStringConvertible {
        case generic = 0, avx2 = 1, avx512 = 2
        public var description: String { ["generic", "avx2+fma", "avx512f"][Int(rawValue)] }
        /// Whether this CPU can run the level.
        public var isSupported: Bool { ck_level_supported(rawValue) != 0 }
    }

    /// The level the kernels run at on this machine (the highest supported; chosen once).
    public static var kernelLevel: KernelLevel { KernelLevel(rawValue: ck_best_level()) ?? .generic }

    // MARK: - Fused cross-entropy

    /// Fused softmax + cross-entropy + gradient over `rows` rows of width `n`, in place.
    ///
    /// On entry `logits` holds `h·W` (`rows × n`, row stride `n`); `bias` (length `n`) is added here.
    /// On exit it holds `g = (softmax − onehot(target)) · gradScale`. Returns the summed loss
    /// `Σ −log p(target)` in Double, and writes per-row losses to `rowLoss` when given.
    /// Three passes per row (bias+max, exp+sum, scale); no allocation.
    public static func crossEntropyGradient(
        logits: UnsafeMutablePointer<Float>, rows: Int, width n: Int, bias: UnsafePointer<Float>?,
        targets: UnsafePointer<Int32>, gradScale: Float, rowLoss: UnsafeMutablePointer<Float>? = nil
    ) -> Double {
        crossEntropyRows(logits: logits, rows: rows, width: n, bias: bias, targets: targets, gradScale: gradScale,
                         rowLoss: rowLoss, columnSum: nil)
    }

    /// As `crossEntropyGradient`, and also `columnSum[0..<n] += Σ_rows g` when given (the bias
    /// gradient, accumulated while each row is still in cache). The batch chunks call this.
    @inline(__always)
    static func crossEntropyRows(
        logits: UnsafeMutablePointer<Float>, rows: Int, width n: Int, bias: UnsafePointer<Float>?,
        targets: UnsafePointer<Int32>, gradScale: Float, rowLoss: UnsafeMutablePointer<Float>?,
        columnSum: UnsafeMutablePointer<Float>?, level: KernelLevel? = nil
    ) -> Double {
        guard rows > 0 else { return 0 }
        if let level {
            return ck_cross_entropy_rows_at(level.rawValue, logits, Int64(rows), Int64(n), bias, targets, gradScale, rowLoss, columnSum)
        }
        return ck_cross_entropy_rows(logits, Int64(rows), Int64(n), bias, targets, gradScale, rowLoss, columnSum)
    }

    // MARK: - Evaluation

    /// Held-out evaluation of `rows` rows of logits (bias added in place; the rows are otherwise
    /// left as they are): `logProbability[r] = log p(targets[r])` and `argmax[r]` = the first index
    /// of the largest log-probability. The same bits as `logSoftmax` followed by a scan, with one
    /// exp pass and no store of the log-probabilities.
    public static func evaluateRows(
        logits: UnsafeMutablePointer<Float>, rows: Int, width n: Int, bias: UnsafePointer<Float>?, targets: UnsafePointer<Int32>,
        logProbability: UnsafeMutablePointer<Float>, argmax: UnsafeMutablePointer<Int32>, level: KernelLevel? = nil
    ) {
        guard rows > 0 else { return }
        ck_eval_rows(level?.rawValue ?? -1, logits, Int64(rows), Int64(n), bias, targets, logProbability, argmax)
    }

    // MARK: - Log-softmax

    /// Log-softmax of each row in place (`rows × n`, bias added first). For evaluation.
    public static func logSoftmax(
        logits: UnsafeMutablePointer<Float>, rows: Int, width n: Int, bias: UnsafePointer<Float>?
    ) {
        logSoftmax(logits: logits, rows: rows, width: n, bias: bias, level: nil)
    }

    static func logSoftmax(logits: UnsafeMutablePointer<Float>, rows: Int, width n: Int, bias: UnsafePointer<Float>?,
                           level: KernelLevel?) {
        guard rows > 0 else { return }
        if let level { ck_log_softmax_rows_at(level.rawValue, logits, Int64(rows), Int64(n), bias) }
        else { ck_log_softmax_rows(logits, Int64(rows), Int64(n), bias) }
    }

    // MARK: - Test hook

    /// `out[i] = e^x[i]` through the C polynomial at one level (unsupported levels run the best one).
    static func exp(_ x: UnsafePointer<Float>, into out: UnsafeMutablePointer<Float>, count n: Int, level: KernelLevel) {
        ck_exp_at(level.rawValue, x, out, Int64(n))
    }

    /// Σ e^x[i] for `x[i] ≤ 0` through the softmax's own exp pass (the one the training and
    /// evaluation rows run after their max shift; no store): the exp rate a roofline should use.
    static func expSum(_ x: UnsafePointer<Float>, count n: Int, level: KernelLevel) -> Float {
        ck_exp_sum_at(level.rawValue, x, Int64(n))
    }
}
