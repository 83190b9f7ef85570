// The narrow-width training step's C kernels (CKernels/narrow_body.h), for the trainer and tests.
import CKernels

/// Row kernels for hidden widths H ≤ `maxWidth`, where a step is bound by its passes over the B·V
/// logits rather than by its three products: each row is made, soft-maxed and consumed in cache, and
/// the output gradient is accumulated per chunk of rows instead of by an sgemm over stored g.
public enum NarrowStep {
    /// The widest hidden layer the row kernel can take (`recite bench --step rows`).
    public static let maxWidth = Int(CK_NARROW_MAX_WIDTH)
    /// The widest hidden layer that takes the row kernel at every kernel level, in training and in
    /// evaluation. Up to it the AVX2 and AVX-512 levels give the same bits (`NarrowStepTests`).
    public static let everyLevelWidth = 6
    /// The widest hidden layer that takes the row kernel at the AVX2 level (`recite bench --cpu-time
    /// --step`, Zen 3, V = 1,024, tokens/s, rows against sgemm: H = 7 715k / 384k, 8 673k / 473k,
    /// 11 551k / 364k, 12 430k / 414k, 16 426k / 401k). On a Zen 4 with AVX-512 OpenBLAS's sgemm
    /// was faster from H = 6 on (930k against 600-750k), so that level keeps `everyLevelWidth`.
    public static let avx2Width = 11
    /// The widest hidden layer the column-blocked kernel takes.
    public static let blockedMaxWidth = Int(CK_BLOCKED_MAX_WIDTH)
    /// The most floats of a block of W (H × block columns) the column-blocked kernel copies.
    public static let blockedPack = Int(CK_BLOCKED_PACK)
    /// The smallest output layer that takes the column-blocked kernel (`recite bench`, Trainer.swift:
    /// at V = 1,025 and 4,353 sgemm or the row kernel is faster).
    public static let blockedMinClasses = 8192
    /// The smallest W (H·V floats) that takes the column-blocked kernel: below it (256 KB, a quarter
    /// of a Zen 4 core's L2) W and the accumulator stay in L2 from row to row, and the row kernel is
    /// as fast (V = 40,961: H = 1 47k tokens/s either way).
    public static let blockedMinOutputs = 65_536

    /// How a training step of one shape computes its output layer.
    public enum Path: String, Sendable, CaseIterable {
        /// Three sgemm calls over stored logits.
        case sgemm
        /// The row kernel: each row of logits made and consumed in cache (H ≤ `maxWidth`; the rule
        /// takes it up to `everyLevelWidth`, or `avx2Width` at the AVX2 level).
        case rows
        /// The column-blocked kernel: every row of a chunk swept one block of columns at a time
        /// (V ≥ `blockedMinClasses`, H·V ≥ `blockedMinOutputs`, H ≤ `blockedMaxWidth`).
        case blocked
    }

    /// The path a step of hidden width `H` and `V` output classes takes at kernel level `level`
    /// (the machine's, fixed for the process): a rule on the shape and the level, so the same run
    /// gives the same bits on every machine with the same level. At 7 ≤ H ≤ `avx2Width` the AVX2
    /// level takes the row kernel and the AVX-512 level sgemm, so runs of those widths differ in
    /// their last bits between the two (as sgemm's own results differ between OpenBLAS's kernels).
    public static func path(width H: Int, classes V: Int, level: Softmax.KernelLevel = Softmax.kernelLevel) -> Path {
        if V >= blockedMinClasses && H * V >= blockedMinOutputs && H <= blockedMaxWidth { return .blocked }
        if H <= everyLevelWidth { return .rows }
        return level == .avx2 && H <= avx2Width ? .rows : .sgemm
    }

    /// Whether `path` can compute a step of hidden width `H`.
    public static func takes(_ path: Path, width H: Int) -> Bool {
        switch path {
        case .sgemm: return true
        case .rows: return H >= 1 && H <= maxWidth
        case .blocked: return H >= 1 && H <= blockedMaxWidth
        }
    }

    /// Columns per block of the column-blocked kernel at width H: the copied block of W is H × block
    /// floats, about 16 KB, and a chunk's rows of the block 32 × block, together within L1 and L2.
    /// Measured at V = 40,961 (`recite bench --step blocked`, tokens/s at H = 5 / 10): blocks of
    /// 256 → 24.2k / 15.9k, 512 → 25.6k / 15.4k, 768 → 26.7k / 15.3k, 1024 → 26.5k / (over the pack).
    public static func blockColumns(width H: Int) -> Int { max(256, min(1024, 4096 / max(H, 1) / 16 * 16)) }

    /// Floats of per-row statistics the column-blocked kernel needs for `rows` rows.
    public static func blockedStatsCount(rows: Int, width H: Int, classes V: Int) -> Int {
        let block = blockColumns(width: H)
        return rows * (2 * ((V + block - 1) / block) + 1)
    }

    /// One chunk of rows: for each row, logits = h·W (+ bias), the fused softmax cross-entropy with
    /// g = (softmax − onehot)·gradScale, then `columnSum += g` (when given), `dh[r] = g·Wᵀ` and
    /// `accumulator += hᵀg` (`H × V`; the caller zeroes it). `row` is `min(rows, 4) × V` floats of
    /// scratch (groups of four rows and pairs go through together, with the bits of one row at a time).
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

    /// Evaluation of `rows` rows without an sgemm (H ≤ `maxWidth`; evaluations take it up to
    /// `everyLevelWidth`): the product h·W made per row in `row` (`min(rows, 4) × V` floats of
    /// scratch), then what `Softmax.evaluateRows` does to a row of logits: the bias added, the
    /// target's log-probability and the first index of the largest.
    @inline(__always)
    public static func evaluateRows(
        hidden h: UnsafePointer<Float>, rows: Int, width H: Int, output W: UnsafePointer<Float>, classes V: Int,
        bias: UnsafePointer<Float>?, targets: UnsafePointer<Int32>, row: UnsafeMutablePointer<Float>,
        logProbability: UnsafeMutablePointer<Float>, argmax: UnsafeMutablePointer<Int32>, level: Softmax.KernelLevel? = nil
    ) {
        guard rows > 0 else { return }
        ck_narrow_eval_rows(level.map { $0.rawValue } ?? -1, h, Int64(rows), Int64(H), W, Int64(V), bias, targets, row,
                            logProbability, argmax)
    }

    /// One chunk of rows through the column-blocked kernel: the same quantities as `rows`, with
    /// `scratch` the chunk's `rows × V` floats (its rows of the logits buffer) and `stats` at least
    /// `blockedStatsCount(rows:width:classes:)` floats. `dh` is overwritten; the caller zeroes the
    /// accumulator and the column sum.
    @inline(__always)
    static func blockedRows(
        hidden h: UnsafePointer<Float>, rows: Int, width H: Int, output W: UnsafePointer<Float>, classes V: Int,
        bias: UnsafePointer<Float>?, targets: UnsafePointer<Int32>, gradScale: Float, scratch: UnsafeMutablePointer<Float>,
        hiddenGradient dh: UnsafeMutablePointer<Float>, accumulator: UnsafeMutablePointer<Float>,
        columnSum: UnsafeMutablePointer<Float>?, stats: UnsafeMutablePointer<Float>, block: Int? = nil,
        level: Softmax.KernelLevel? = nil
    ) -> Double {
        guard rows > 0 else { return 0 }
        return ck_blocked_rows(level.map { $0.rawValue } ?? -1, h, Int64(rows), Int64(H), W, Int64(V), bias, targets, gradScale,
                               scratch, dh, accumulator, columnSum, stats, Int64(block ?? blockColumns(width: H)))
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
