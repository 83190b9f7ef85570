// Errors from ReciteAnalysis fits: one enum, each case a sentence a user can act on.

/// Why a fit in ReciteAnalysis could not be made.
public enum AnalysisError: Error, CustomStringConvertible, Equatable, Sendable {
    /// Too few usable points (after dropping non-positive or non-finite values) for the named fit.
    case tooFewPoints(fit: String, needed: Int, found: Int)
    /// An input value is outside the domain of the fit (a non-positive value where a log is taken).
    case invalidInput(fit: String, detail: String)
    /// Two arrays that should pair up have different lengths.
    case lengthMismatch(fit: String, expected: Int, found: Int)
    /// The underlying LAPACK call failed.
    case lapack(String)
    /// No initialisation of an iterative fit produced a finite objective.
    case noFiniteFit(fit: String)

    public var description: String {
        switch self {
        case let .tooFewPoints(fit, needed, found):
            return "\(fit): needs at least \(needed) usable points, found \(found)"
        case let .invalidInput(fit, detail):
            return "\(fit): \(detail)"
        case let .lengthMismatch(fit, expected, found):
            return "\(fit): arrays must have equal lengths, expected \(expected), found \(found)"
        case let .lapack(message):
            return "least squares (LAPACK): \(message)"
        case let .noFiniteFit(fit):
            return "\(fit): no initialisation reached a finite objective; check the inputs are positive and finite"
        }
    }
}
