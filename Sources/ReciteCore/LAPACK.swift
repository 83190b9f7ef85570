// The one file that calls LAPACKE. Double precision: the fits it serves are small and ill-conditioned.
import CLapacke

/// Errors from LAPACK calls, with the routine and its `info` code.
public enum LAPACKError: Error, CustomStringConvertible, Equatable {
    case illegalArgument(routine: String, index: Int)
    case didNotConverge(routine: String, info: Int)
    case shape(String)

    public var description: String {
        switch self {
        case let .illegalArgument(r, i): return "\(r): argument \(i) had an illegal value"
        case let .didNotConverge(r, info): return "\(r): the SVD did not converge (info = \(info))"
        case let .shape(s): return "least squares: \(s)"
        }
    }
}

/// LAPACK routines recite uses.
public enum LAPACK {
    /// Solution of a linear least-squares problem.
    public struct LeastSquares: Sendable {
        /// `n × nrhs` row-major solution `x` minimising `‖A·x − b‖₂` (minimum norm if rank-deficient).
        public var solution: [Double]
        /// Effective rank of `A` found by the SVD.
        public var rank: Int
        /// Singular values of `A`, largest first.
        public var singularValues: [Double]
    }

    /// Minimum-norm least squares `min ‖A·x − B‖` via LAPACKE_dgelsd (SVD, divide and conquer).
    /// `a` is row-major `m × n`; `b` is row-major `m × nrhs`. `rcond < 0` uses machine precision.
    public static func leastSquares(
        a: [Double], rows m: Int, cols n: Int, b: [Double], nrhs: Int = 1, rcond: Double = -1
    ) throws -> LeastSquares {
        guard m > 0, n > 0, nrhs > 0 else { throw LAPACKError.shape("empty problem (\(m)×\(n), \(nrhs) right-hand sides)") }
        guard a.count == m * n else { throw LAPACKError.shape("A has \(a.count) entries, expected \(m)×\(n)") }
        guard b.count == m * nrhs else { throw LAPACKError.shape("B has \(b.count) entries, expected \(m)×\(nrhs)") }
        var aa = a
        // B must hold max(m, n) rows: the solution comes back in its first n rows.
        let ldb = nrhs
        var bb = [Double](repeating: 0, count: max(m, n) * nrhs)
        for i in 0..<(m * nrhs) { bb[i] = b[i] }
        var s = [Double](repeating: 0, count: min(m, n))
        var rank: Int32 = 0
        let info = LAPACKE_dgelsd(
            LAPACK_ROW_MAJOR, Int32(m), Int32(n), Int32(nrhs), &aa, Int32(n), &bb, Int32(ldb), &s, rcond, &rank)
        if info < 0 { throw LAPACKError.illegalArgument(routine: "dgelsd", index: Int(-info)) }
        if info > 0 { throw LAPACKError.didNotConverge(routine: "dgelsd", info: Int(info)) }
        return LeastSquares(solution: Array(bb[0..<(n * nrhs)]), rank: Int(rank), singularValues: s)
    }
}
