// Chinchilla approach 2: a parabola in log N per compute budget, then power laws of the minima.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One finished run at a fixed compute budget.
public struct IsoFLOPPoint: Sendable, Equatable {
    /// The budget `C` the run belongs to (points with equal budgets form one isoFLOP profile).
    public let budget: Double
    /// Parameters `N`.
    public let parameters: Double
    /// Training tokens `D` (recorded; the fit itself uses `D_opt = C/(6·N_opt)`).
    public let tokens: Double
    /// Final loss.
    public let loss: Double

    public init(budget: Double, parameters: Double, tokens: Double, loss: Double) {
        self.budget = budget
        self.parameters = parameters
        self.tokens = tokens
        self.loss = loss
    }
}

/// Approach 2 of Hoffmann et al. (2022): isoFLOP profiles.
///
/// For each budget, `loss ≈ p₀ + p₁·x + p₂·x²` with `x = ln N − x̄` (centred for conditioning) is
/// fitted by least squares; its vertex `x* = −p₁/(2p₂)` gives `N_opt = exp(x* + x̄)` and
/// `D_opt = C/(6·N_opt)`. A profile whose parabola opens downward (`p₂ ≤ 0`), whose vertex lies
/// outside the sampled sizes (the budget's sweep missed the optimum), or with fewer than three
/// distinct sizes is kept in `budgets` with its status and left out of the power laws.
public struct IsoFLOPFit: Sendable {
    /// Whether a budget's profile yielded a usable optimum.
    public enum Status: String, Sendable, Equatable {
        case accepted
        case opensDownward = "parabola opens downward"
        case minimumOutsideRange = "minimum outside the sampled sizes"
        case tooFewPoints = "fewer than three distinct sizes"
    }

    /// One budget's profile.
    public struct Profile: Sendable, Equatable {
        public let budget: Double
        /// Points (runs) in the profile.
        public let count: Int
        /// `(p₀, p₁, p₂)` in `x = ln N − centre`; empty when too few points.
        public let parabola: [Double]
        /// The `x̄` the parabola is centred on.
        public let centre: Double
        /// R² of the parabola (NaN when not fitted).
        public let rSquared: Double
        public let status: Status
        /// `N_opt` (the vertex, even when rejected; NaN when no parabola).
        public let optimalParameters: Double
        /// `D_opt = C/(6·N_opt)`.
        public var optimalTokens: Double { budget / (6 * optimalParameters) }
        /// Loss at the vertex.
        public let minimumLoss: Double
    }

    /// Every budget, accepted or not, in increasing budget order.
    public let profiles: [Profile]
    /// `N_opt = k_N·C^a` over the accepted budgets.
    public let parametersFit: PowerLawFit
    /// `D_opt = k_D·C^b` over the accepted budgets.
    public let tokensFit: PowerLawFit
    /// The input points (kept for the bootstrap).
    public let points: [IsoFLOPPoint]

    /// Budgets that were flagged and left out, with the reason.
    public var rejected: [Profile] { profiles.filter { $0.status != .accepted } }
    public var law: ComputeOptimalLaw { ComputeOptimalLaw(parameters: parametersFit, tokens: tokensFit) }
    public var a: Double { parametersFit.exponent }
    public var b: Double { tokensFit.exponent }
    public func extrapolate(toBudget budget: Double) -> ComputeAllocation { law.extrapolate(toBudget: budget) }
    /// The largest accepted budget (the report annotates the optimum at 100× this).
    public var largestBudget: Double { profiles.filter { $0.status == .accepted }.map(\.budget).max() ?? .nan }

    /// Fits every profile, then the power laws over the accepted ones (at least two are needed).
    public init(points: [IsoFLOPPoint]) throws {
        for p in points where !(p.budget > 0 && p.parameters > 0 && p.loss.isFinite) {
            throw AnalysisError.invalidInput(fit: "isoFLOP", detail: "budget and parameters must be positive and loss finite, found \(p)")
        }
        let profiles = try IsoFLOPFit.groupByBudget(points).map { try IsoFLOPFit.profile($0) }
        let accepted = profiles.filter { $0.status == .accepted }
        guard accepted.count >= 2 else {
            throw AnalysisError.tooFewPoints(fit: "isoFLOP (accepted budgets)", needed: 2, found: accepted.count)
        }
        self.profiles = profiles
        self.parametersFit = try PowerLawFit(x: accepted.map(\.budget), y: accepted.map(\.optimalParameters))
        self.tokensFit = try PowerLawFit(x: accepted.map(\.budget), y: accepted.map(\.optimalTokens))
        self.points = points
    }

    // MARK: - Profiles

    /// Groups points whose budgets agree to a relative 1e-9 (budgets computed as `6·N·D` in floating
    /// point rarely agree exactly), in increasing budget order.
    static func groupByBudget(_ points: [IsoFLOPPoint]) -> [[IsoFLOPPoint]] {
        let sorted = points.sorted { $0.budget < $1.budget }
        var groups: [[IsoFLOPPoint]] = []
        for p in sorted {
            if let last = groups.last?.first, abs(p.budget - last.budget) <= 1e-9 * last.budget {
                groups[groups.count - 1].append(p)
            } else {
                groups.append([p])
            }
        }
        return groups
    }

    /// The parabola and vertex of one budget's points.
    static func profile(_ group: [IsoFLOPPoint]) throws -> Profile {
        let budget = group[0].budget
        let x = group.map { log($0.parameters) }
        let distinct = Set(x).count
        guard distinct >= 3 else {
            return Profile(budget: budget, count: group.count, parabola: [], centre: .nan, rSquared: .nan,
                           status: .tooFewPoints, optimalParameters: .nan, minimumLoss: .nan)
        }
        let centre = x.reduce(0, +) / Double(x.count)
        let u = x.map { $0 - centre }
        let ls = try LinearLeastSquares(
            columns: [[Double](repeating: 1, count: u.count), u, u.map { $0 * $0 }],
            response: group.map(\.loss))
        let p = ls.coefficients
        let vertex = p[2] != 0 ? -p[1] / (2 * p[2]) : .nan
        let status: Status
        if !(p[2] > 0) {
            status = .opensDownward
        } else if !(vertex >= u.min()! && vertex <= u.max()!) {
            status = .minimumOutsideRange
        } else {
            status = .accepted
        }
        return Profile(budget: budget, count: group.count, parabola: p, centre: centre, rSquared: ls.rSquared,
                       status: status, optimalParameters: exp(vertex + centre),
                       minimumLoss: p[0] + p[1] * vertex + p[2] * vertex * vertex)
    }
}
