// The one file that calls CBLAS (OpenBLAS). Everything else uses these wrappers.
import CBLAS
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Thin, checked wrappers over the CBLAS routines recite uses, plus OpenBLAS thread control.
public enum BLAS {
    /// Whether an operand is used as stored or transposed.
    public enum Transpose: Sendable { case none, transposed }

    // MARK: - Threads

    /// Sets OpenBLAS's thread count for this process (≥ 1). Training never does (see `useOneThread`);
    /// `Benchmark.sgemmPeak` does and sets it back to 1, and `recite width-limit`, whose only work is
    /// large Double products, sets `--threads`.
    public static func setThreads(_ n: Int) {
        precondition(n >= 1, "BLAS needs at least one thread")
        openblas_set_num_threads(Int32(n))
        if n == 1 { stopIdleThreads() }
    }

    /// Makes OpenBLAS single-threaded, once per process (the trainer calls it). Its own threading
    /// forks and joins (and mallocs) per call and splits our small products poorly; the trainer's
    /// split does better, and a process-wide count that code reads per step would make results
    /// depend on whoever set it last.
    public static func useOneThread() { _ = oneThread }
    private static let oneThread: Void = setThreads(1)

    /// Ends OpenBLAS's pool of worker threads, which a one-thread count leaves running: the pthread
    /// build starts one worker per core when it loads, and each spins on `sched_yield` for about
    /// 2²⁸ cycles before it sleeps. A sweep starts a process per run, so on 2 cores every run's
    /// setup shared a core with that spin (a sweep of recitation-exact: 2.8 s of system time, 0.9
    /// without it). `blas_thread_shutdown_` is the pool's own teardown (OpenBLAS runs it
    /// before a fork), looked up at run time because only the pthread build has it; OpenBLAS
    /// starts the pool again if a later `setThreads(n > 1)` needs it.
    private static func stopIdleThreads() {
        #if os(Linux)
        typealias Shutdown = @convention(c) () -> Void
        // RTLD_DEFAULT is the null handle on glibc: search every loaded object.
        guard let symbol = dlsym(nil, "blas_thread_shutdown_") else { return }
        unsafeBitCast(symbol, to: Shutdown.self)()
        #endif
    }

    /// OpenBLAS's current thread count (1 once a trainer exists; for reports).
    public static var threads: Int { Int(openblas_get_num_threads()) }

    /// The kernel family OpenBLAS selected (e.g. "Haswell", "SkylakeX").
    public static var coreName: String { String(cString: openblas_get_corename()) }

    /// OpenBLAS's build configuration string.
    public static var config: String { String(cString: openblas_get_config()) }

    // MARK: - Level 3

    /// `C ← α·op(A)·op(B) + β·C` on row-major pointers; `op(A)` is `m×k`, `op(B)` is `k×n`, `C` is `m×n`.
    /// Leading dimensions default to tight packing of the stored (not transposed) operands. With
    /// β = 0, C's old contents are ignored (NaN included), as in BLAS.
    @inline(__always)
    public static func sgemm(
        _ transA: Transpose, _ transB: Transpose, m: Int, n: Int, k: Int,
        alpha: Float = 1, a: UnsafePointer<Float>, lda: Int? = nil,
        b: UnsafePointer<Float>, ldb: Int? = nil,
        beta: Float = 0, c: UnsafeMutablePointer<Float>, ldc: Int? = nil
    ) {
        let lda = lda ?? (transA == .none ? k : m)
        let ldb = ldb ?? (transB == .none ? n : k)
        let ldc = ldc ?? n
        var beta = beta
        if beta == 0 && m > 0 && n > 0 {
            // OpenBLAS 0.3.21 clears C for β = 0 with its own pass (sgemm_beta), which was 11% of
            // recitation-exact's run: a 64×513×16 product took 23.4 µs with it and 14.9 µs after a
            // memset and β = 1, with the same bits (its kernels then add α·A·B to exact zeros).
            if ldc == n { c.update(repeating: 0, count: m * n) } else { for i in 0..<m { (c + i * ldc).update(repeating: 0, count: n) } }
            beta = 1
        }
        cblas_sgemm(
            CblasRowMajor, transA == .none ? CblasNoTrans : CblasTrans,
            transB == .none ? CblasNoTrans : CblasTrans,
            Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
    }

    /// Double-precision `C ← α·op(A)·op(B) + β·C` on row-major pointers, tightly packed: for exact
    /// objectives minimised by L-BFGS (`WidthLimitedLoss`), whose line search needs gradients
    /// accurate beyond Float's seven digits.
    @inline(__always)
    public static func dgemm(
        _ transA: Transpose, _ transB: Transpose, m: Int, n: Int, k: Int,
        alpha: Double = 1, a: UnsafePointer<Double>, b: UnsafePointer<Double>,
        beta: Double = 0, c: UnsafeMutablePointer<Double>
    ) {
        let lda = transA == .none ? k : m, ldb = transB == .none ? n : k
        cblas_dgemm(
            CblasRowMajor, transA == .none ? CblasNoTrans : CblasTrans,
            transB == .none ? CblasNoTrans : CblasTrans,
            Int32(m), Int32(n), Int32(k), alpha, a, Int32(max(lda, 1)), b, Int32(max(ldb, 1)), beta, c, Int32(max(n, 1)))
    }

    /// `C ← α·op(A)·op(B) + β·C` on matrices, with shapes checked.
    public static func gemm(
        _ transA: Transpose = .none, _ a: Matrix, _ transB: Transpose = .none, _ b: Matrix,
        alpha: Float = 1, beta: Float = 0, into c: inout Matrix
    ) {
        let (m, ka) = transA == .none ? (a.rows, a.cols) : (a.cols, a.rows)
        let (kb, n) = transB == .none ? (b.rows, b.cols) : (b.cols, b.rows)
        precondition(ka == kb, "gemm inner dimensions differ: \(ka) vs \(kb)")
        precondition(c.rows == m && c.cols == n, "gemm output is \(c.rows)×\(c.cols), expected \(m)×\(n)")
        if m == 0 || n == 0 { return }
        a.storage.withUnsafeBufferPointer { pa in
            b.storage.withUnsafeBufferPointer { pb in
                c.storage.withUnsafeMutableBufferPointer { pc in
                    if ka == 0 {  // BLAS leaves C·β to us for an empty inner dimension on some builds
                        for i in 0..<pc.count { pc[i] *= beta }
                        return
                    }
                    sgemm(transA, transB, m: m, n: n, k: ka, alpha: alpha,
                          a: pa.baseAddress!, lda: a.cols, b: pb.baseAddress!, ldb: b.cols,
                          beta: beta, c: pc.baseAddress!, ldc: n)
                }
            }
        }
    }

    /// `C ← α·A·B + β·C` (neither operand transposed).
    public static func gemm(_ a: Matrix, _ b: Matrix, alpha: Float = 1, beta: Float = 0, into c: inout Matrix) {
        gemm(.none, a, .none, b, alpha: alpha, beta: beta, into: &c)
    }

    /// `op(A)·op(B)` as a new matrix.
    public static func product(_ a: Matrix, _ transA: Transpose = .none, _ b: Matrix, _ transB: Transpose = .none) -> Matrix {
        let m = transA == .none ? a.rows : a.cols
        let n = transB == .none ? b.cols : b.rows
        var c = Matrix(rows: m, cols: n)
        gemm(transA, a, transB, b, into: &c)
        return c
    }

    // MARK: - Level 1

    /// `y ← α·x + y` over `n` contiguous elements.
    @inline(__always)
    public static func saxpy(n: Int, alpha: Float, x: UnsafePointer<Float>, y: UnsafeMutablePointer<Float>) {
        cblas_saxpy(Int32(n), alpha, x, 1, y, 1)
    }

    /// `Σ xᵢ·yᵢ` over `n` contiguous elements.
    @inline(__always)
    public static func sdot(n: Int, x: UnsafePointer<Float>, y: UnsafePointer<Float>) -> Float {
        cblas_sdot(Int32(n), x, 1, y, 1)
    }

    /// `x ← α·x` over `n` contiguous elements.
    @inline(__always)
    public static func sscal(n: Int, alpha: Float, x: UnsafeMutablePointer<Float>) {
        cblas_sscal(Int32(n), alpha, x, 1)
    }
}
