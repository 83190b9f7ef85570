// Bootstrap intervals for the exponents of Chinchilla approaches 1, 2 and 3.
import ReciteCore

/// Intervals for the two compute-optimal exponents `a` (`N_opt ∝ C^a`) and `b` (`D_opt ∝ C^b`),
/// and, when an extrapolation budget was given, for the optimum `(N, D)` there.
public struct ExponentIntervals: Sendable, Equatable {
    public let a: BootstrapInterval
    public let b: BootstrapInterval
    /// `N_opt` and `D_opt` at the extrapolation budget (nil when none was asked for).
    public var parameters: BootstrapInterval? = nil
    public var tokens: BootstrapInterval? = nil
}

extension ExponentIntervals {
    /// Splits the replicate columns `[a, b, N, D]` (the last two only with a budget).
    init(_ iv: [BootstrapInterval]) {
        self.init(a: iv[0], b: iv[1], parameters: iv.count > 3 ? iv[2] : nil, tokens: iv.count > 3 ? iv[3] : nil)
    }
}

extension ComputeOptimalLaw {
    /// `[a, b]`, plus `[N_opt, D_opt]` at `budget` when given: one bootstrap replicate's values.
    func replicate(extrapolatingTo budget: Double?) -> [Double] {
        guard let budget else { return [a, b] }
        let x = extrapolate(toBudget: budget)
        return [a, b, x.parameters, x.tokens]
    }
}

/// Intervals for every quantity approach 3 estimates.
public struct ParametricLossIntervals: Sendable, Equatable {
    public let E: BootstrapInterval, A: BootstrapInterval, B: BootstrapInterval
    public let alpha: BootstrapInterval, beta: BootstrapInterval
    /// The derived compute-optimal exponents `a = β/(α+β)` and `b = α/(α+β)`.
    public let a: BootstrapInterval, b: BootstrapInterval
    /// `N_opt` and `D_opt` at the extrapolation budget (nil when none was asked for).
    public var parameters: BootstrapInterval? = nil
    public var tokens: BootstrapInterval? = nil
}

// MARK: - Approach 1

extension EnvelopeFit {
    /// Resamples the model sizes (curves) with replacement and refits the envelope. The envelope's
    /// uncertainty comes from which sizes were trained, not from the grid points, which are
    /// interpolations of the same few curves and far from independent; a duplicated curve adds
    /// nothing, so a replicate is the envelope of a random subset of the ladder.
    ///
    /// With `extrapolateTo`, every replicate also extrapolates its own law to that budget, so the
    /// optimum `(N, D)` there gets an interval that carries the exponent's uncertainty.
    public func bootstrap(_ options: BootstrapOptions = BootstrapOptions(), extrapolateTo budget: Double? = nil) -> ExponentIntervals {
        let curves = self.curves, envelopeOptions = self.options
        let intervals = Bootstrap.intervals(estimates: law.replicate(extrapolatingTo: budget), options: options) { rng in
            let sample = Bootstrap.resampleIndices(count: curves.count, using: &rng)
            let distinct = Set(sample).sorted().map { curves[$0] }
            guard let fit = try? ComputeOptimal.envelope(curves: distinct, options: envelopeOptions) else { return nil }
            return fit.law.replicate(extrapolatingTo: budget)
        }
        return ExponentIntervals(intervals)
    }
}

// MARK: - Approach 2

extension IsoFLOPFit {
    /// Resamples the runs within each budget (so every replicate keeps every budget) and refits
    /// every parabola and both power laws; a replicate with fewer than two accepted budgets counts
    /// as a failure.
    public func bootstrap(_ options: BootstrapOptions = BootstrapOptions(), extrapolateTo budget: Double? = nil) -> ExponentIntervals {
        let groups = IsoFLOPFit.groupByBudget(points)
        let intervals = Bootstrap.intervals(estimates: law.replicate(extrapolatingTo: budget), options: options) { rng in
            var sample: [IsoFLOPPoint] = []
            for group in groups {
                for i in Bootstrap.resampleIndices(count: group.count, using: &rng) { sample.append(group[i]) }
            }
            guard let fit = try? IsoFLOPFit(points: sample) else { return nil }
            return fit.law.replicate(extrapolatingTo: budget)
        }
        return ExponentIntervals(intervals)
    }
}

// MARK: - Approach 3

extension ParametricLossFit {
    /// Resamples the observations with replacement and refits. Each refit starts from the full-data
    /// optimum (a warm start: one L-BFGS run instead of the whole grid), plus the grid when
    /// `fromGrid` is true — slower, but safer if the objective has several basins.
    public func bootstrap(_ options: BootstrapOptions = BootstrapOptions(), fromGrid: Bool = false,
                          extrapolateTo budget: Double? = nil) -> ParametricLossIntervals {
        let observations = self.observations, fitOptions = self.options, floor = self.floor
        let starts = fromGrid ? [theta] + fitOptions.grid.starts : [theta]
        func values(_ f: ParametricLoss) -> [Double] {
            var v = [f.E, f.A, f.B, f.alpha, f.beta, f.a, f.b]
            if let budget { let x = f.law.extrapolate(toBudget: budget); v += [x.parameters, x.tokens] }
            return v
        }
        let intervals = Bootstrap.intervals(estimates: values(loss), options: options) { rng in
            let sample = Bootstrap.resampleIndices(count: observations.count, using: &rng).map { observations[$0] }
            guard let fit = try? ParametricLossFit(observations: sample, options: fitOptions, starts: starts, floor: floor) else { return nil }
            return values(fit.loss)
        }
        return ParametricLossIntervals(
            E: intervals[0], A: intervals[1], B: intervals[2], alpha: intervals[3], beta: intervals[4],
            a: intervals[5], b: intervals[6],
            parameters: budget == nil ? nil : intervals[7], tokens: budget == nil ? nil : intervals[8])
    }
}
