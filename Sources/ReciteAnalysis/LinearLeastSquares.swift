// Linear least squares through LAPACK (dgelsd): the one way ReciteAnalysis solves `min ‖X·β − y‖₂`.
import ReciteCore

/// The least-squares solution of `y ≈ X·β` for a row-major design matrix `X` (`rows × cols`).
///
/// The solve is LAPACK's `dgelsd` (SVD, divide and conquer) in double precision, so a
/// rank-deficient or badly scaled design still gives the minimum-norm solution instead of garbage;
/// `rank` says whether that happened. Power-law and parabola fits in log space are exactly this
/// problem with columns `[1, log x]` or `[1, x, x²]`.
public struct LinearLeastSquares: Sendable, Equatable {
    /// The fitted coefficients `β`, one per column of the design.
    public let coefficients: [Double]
    /// Residuals `yᵢ − (X·β)ᵢ`, one per row.
    public let residuals: [Double]
    /// Coefficient of determination `1 − SS_res / SS_tot`, with `SS_tot` taken about the mean of
    /// `y` (so it is the familiar R² when the design has an intercept column). It is 1 when `y` is
    /// constant and fitted exactly, and can be negative for a design without an intercept.
    public let rSquared: Double
    /// Effective rank of the design found by the SVD (less than `cols` means the columns are dependent).
    public let rank: Int

    /// Fits `y ≈ X·β`; `design` is row-major `rows × cols`, `response` has `rows` entries.
    public init(design: [Double], rows: Int, cols: Int, response: [Double]) throws {
        guard response.count == rows else {
            throw AnalysisError.lengthMismatch(fit: "linear least squares", expected: rows, found: response.count)
        }
        guard rows >= cols, cols > 0 else {
            throw AnalysisError.tooFewPoints(fit: "linear least squares", needed: max(cols, 1), found: rows)
        }
        let solved: LAPACK.LeastSquares
        do {
            solved = try LAPACK.leastSquares(a: design, rows: rows, cols: cols, b: response)
        } catch {
            throw AnalysisError.lapack(String(describing: error))
        }
        let beta = solved.solution
        var residuals = [Double](repeating: 0, count: rows)
        for i in 0..<rows {
            var fitted = 0.0
            for j in 0..<cols { fitted += design[i * cols + j] * beta[j] }
            residuals[i] = response[i] - fitted
        }
        let mean = response.reduce(0, +) / Double(rows)
        let ssTot = response.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
        let ssRes = residuals.reduce(0) { $0 + $1 * $1 }
        self.coefficients = beta
        self.residuals = residuals
        self.rSquared = ssTot > 0 ? 1 - ssRes / ssTot : (ssRes == 0 ? 1 : 0)
        self.rank = solved.rank
    }

    /// Fits `y ≈ X·β` where `columns[j]` is the j-th column of the design (all the same length).
    public init(columns: [[Double]], response: [Double]) throws {
        let rows = response.count
        for column in columns where column.count != rows {
            throw AnalysisError.lengthMismatch(fit: "linear least squares", expected: rows, found: column.count)
        }
        var design = [Double](repeating: 0, count: rows * columns.count)
        for i in 0..<rows {
            for (j, column) in columns.enumerated() { design[i * columns.count + j] = column[i] }
        }
        try self.init(design: design, rows: rows, cols: columns.count, response: response)
    }
}
