// Checks that a scaling fit is supported by its own runs: no loss spikes in the training curves,
// one power law for N_opt over the whole span (no bend), and how far approach 2's parabolas are
// biased on a planted law with a known optimum.
import Foundation

/// Held-out loss rising between two checkpoints of one run: SGD instability, not a scaling effect.
public struct SpikeSummary: Codable, Sendable, Equatable {
    /// Largest allowed rise between consecutive checkpoints, nats/token.
    public var tolerance: Double
    /// Only checkpoints at or after this share of a run's tokens count (the warmup is excluded).
    public var afterFraction: Double
    /// Runs with at least two counted checkpoints, and how many of them rose by more than `tolerance`.
    public var runs: Int
    public var spiking: Int
    /// The largest rise seen (0 when every curve falls), with its run's size and budget.
    public var worstRise: Double
    public var worstParameters: Double?
    public var worstBudget: Double?
}

/// Whether `N_opt(C)` follows one power law: its local slope over the lower and the upper half of
/// the budgets (approach 2's vertices).
public struct SlopeConsistency: Codable, Sendable, Equatable {
    /// The budgets (6·N·D) of each half; with an odd count the middle budget is in both.
    public var lowerBudgets: [Double], upperBudgets: [Double]
    public var lowerSlope: Double?, upperSlope: Double?
    /// Largest allowed `|upper − lower|`.
    public var tolerance: Double
    public var consistent: Bool
}

/// Approach 2 applied to a planted law `L(N, D)` at the runs' own `(N, D)`: how far the parabola
/// vertices and the fitted exponent land from the law's exact optimum. A parabola in `ln N` is
/// symmetric and an isoFLOP profile is not (`A/N^α` and `B/D^β` rise at different rates), so the
/// vertex is biased toward the flatter side even without noise.
public struct ParabolaBias: Codable, Sendable, Equatable {
    /// Which law was planted.
    public var law: String
    /// Fitted vertex / true `N_opt`, per budget.
    public var vertexRatios: [Double]
    /// The law's exact exponent and approach 2's estimate on its noiseless profiles.
    public var trueA: Double
    public var fittedA: Double?
    /// `fittedA − trueA`.
    public var biasA: Double?
}

extension ScalingAnalysis {
    // MARK: - Spikes

    /// Counts runs whose held-out loss rises by more than `tolerance` between consecutive
    /// checkpoints at or after `afterFraction` of the run's final tokens.
    public static func spikes(_ obs: [ScalingObservation], tolerance: Double = 0.05, afterFraction: Double = 0.05) -> SpikeSummary {
        var byRun: [String: [ScalingObservation]] = [:]
        for o in obs { byRun[o.run, default: []].append(o) }
        var s = SpikeSummary(tolerance: tolerance, afterFraction: afterFraction, runs: 0, spiking: 0, worstRise: 0)
        for key in byRun.keys.sorted() {
            let c = byRun[key]!.sorted { $0.tokens < $1.tokens }
            let last = c.last!.tokens
            let counted = c.filter { $0.tokens >= afterFraction * last * (1 - 1e-12) }
            guard counted.count >= 2 else { continue }
            s.runs += 1
            let rise = zip(counted, counted.dropFirst()).map { $1.loss - $0.loss }.max()!
            if rise > tolerance { s.spiking += 1 }
            if rise > s.worstRise { s.worstRise = rise; s.worstParameters = c[0].parameters; s.worstBudget = c[0].budget }
        }
        return s
    }

    // MARK: - Bends

    /// Local slopes of `ln N_opt` against `ln C` over the lower and upper halves of the budgets.
    /// Nil with fewer than four budgets (two per half are needed for a slope).
    public static func slopeConsistency(budgets: [Double], optima: [Double], tolerance: Double = 0.1) -> SlopeConsistency? {
        let pairs = zip(budgets, optima).filter { $0.0 > 0 && $0.1 > 0 && $0.1.isFinite }.sorted { $0.0 < $1.0 }
        guard pairs.count >= 4 else { return nil }
        let half = (pairs.count + 1) / 2
        let lower = Array(pairs.prefix(half)), upper = Array(pairs.suffix(half))
        let lo = try? PowerLawFit(x: lower.map(\.0), y: lower.map(\.1))
        let hi = try? PowerLawFit(x: upper.map(\.0), y: upper.map(\.1))
        let ok = lo != nil && hi != nil && abs(hi!.exponent - lo!.exponent) <= tolerance
        return SlopeConsistency(lowerBudgets: lower.map(\.0), upperBudgets: upper.map(\.0),
                                lowerSlope: lo?.exponent, upperSlope: hi?.exponent, tolerance: tolerance, consistent: ok)
    }

    // MARK: - Parabola bias

    /// Replaces every point's loss by `law(N, D)` (no noise), refits approach 2 and compares with the
    /// law's exact optimum at each profile's budget. The points keep their budgets, sizes and tokens,
    /// so the bias measured is the one of this grid.
    public static func parabolaBias(points: [IsoFLOPPoint], law: ParametricLoss, label: String) -> ParabolaBias {
        let planted = points.map { IsoFLOPPoint(budget: $0.budget, parameters: $0.parameters, tokens: $0.tokens,
                                                 loss: law(parameters: $0.parameters, tokens: $0.tokens)) }
        let exact = law.law
        guard let fit = try? IsoFLOPFit(points: planted) else {
            return ParabolaBias(law: label, vertexRatios: [], trueA: exact.a, fittedA: nil, biasA: nil)
        }
        let ratios = fit.profiles.filter { $0.status == .accepted }.map {
            $0.optimalParameters / exact.extrapolate(toBudget: $0.budget).parameters
        }
        return ParabolaBias(law: label, vertexRatios: ratios, trueA: exact.a, fittedA: fit.a, biasA: fit.a - exact.a)
    }
}
