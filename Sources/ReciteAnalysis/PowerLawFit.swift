// Power laws `y = c·x^k`, fitted as straight lines in log-log space.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A power law `y = c·x^k` fitted by least squares on `log y = log c + k·log x`.
///
/// Fitting in log space weights every point by its relative (not absolute) error, which is what a
/// scaling law over several decades needs: a 1% miss at 10¹⁰ counts as much as one at 10⁶.
/// `rSquared` is measured in log space too.
public struct PowerLawFit: Sendable, Equatable {
    /// The prefactor `c`.
    public let coefficient: Double
    /// The exponent `k`.
    public let exponent: Double
    /// R² of the straight-line fit in log-log space.
    public let rSquared: Double
    /// Number of points used.
    public let count: Int

    /// Fits `y = c·x^k` to positive pairs (`x[i]`, `y[i]`); at least two distinct `x` are needed.
    public init(x: [Double], y: [Double]) throws {
        guard x.count == y.count else {
            throw AnalysisError.lengthMismatch(fit: "power law", expected: x.count, found: y.count)
        }
        for (xi, yi) in zip(x, y) where !(xi > 0 && yi > 0 && xi.isFinite && yi.isFinite) {
            throw AnalysisError.invalidInput(fit: "power law", detail: "x and y must be positive and finite, found (\(xi), \(yi))")
        }
        let logX = x.map { log($0) }
        guard Set(logX).count >= 2 else {
            throw AnalysisError.tooFewPoints(fit: "power law (distinct x)", needed: 2, found: Set(logX).count)
        }
        // Centre log x so the two columns are orthogonal-ish and the solve is well conditioned.
        let centre = logX.reduce(0, +) / Double(logX.count)
        let ls = try LinearLeastSquares(
            columns: [[Double](repeating: 1, count: x.count), logX.map { $0 - centre }],
            response: y.map { log($0) })
        self.exponent = ls.coefficients[1]
        self.coefficient = exp(ls.coefficients[0] - ls.coefficients[1] * centre)
        self.rSquared = ls.rSquared
        self.count = x.count
    }

    /// Creates a power law from known constants (R² of 1, no points).
    public init(coefficient: Double, exponent: Double) {
        self.coefficient = coefficient
        self.exponent = exponent
        self.rSquared = 1
        self.count = 0
    }

    /// `c·x^k`.
    public func callAsFunction(_ x: Double) -> Double { coefficient * pow(x, exponent) }
}
