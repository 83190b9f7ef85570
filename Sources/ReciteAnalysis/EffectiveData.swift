// Effective data under repetition (Muennighoff et al. 2023) and its fit.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One run trained on `U` unique tokens seen `R` times each.
public struct RepeatedDataObservation: Sendable, Equatable {
    /// Unique tokens `U`.
    public let uniqueTokens: Double
    /// Times each token is seen, `R ≥ 1` (tokens trained `D = U·R`).
    public let recitations: Double
    public let loss: Double

    public init(uniqueTokens: Double, recitations: Double, loss: Double) {
        self.uniqueTokens = uniqueTokens
        self.recitations = recitations
        self.loss = loss
    }
}

/// Effective data (Muennighoff et al. 2023, "Scaling Data-Constrained Language Models", eq. 5):
///
///     D′ = U + U·R*·(1 − exp(−(R − 1)/R*))
///
/// The first pass over `U` unique tokens is worth `U`; the `R − 1` repeats are worth a geometric
/// series with decay constant `R*`: the first repeats almost as much as new data, and their total
/// value saturates at `U·R*`, so `D′ ≤ U·(1 + R*)` however long one trains. `R = 1` gives `D′ = U`.
/// `R*` is "the number of repetitions after which repeated data is worth about 1/e of new data".
public enum EffectiveData {
    /// `D′(U, R; R*)`.
    public static func tokens(unique u: Double, recitations r: Double, rStar: Double) -> Double {
        u + u * rStar * (-expm1(-(r - 1) / rStar))
    }
}

/// Fit of `loss = E + B/D′^β` with `D′ = EffectiveData.tokens(U, R; R*)` to runs at several `(U, R)`.
///
/// All four parameters are positive and span orders of magnitude, so L-BFGS works on
/// `θ = (ln E, ln B, ln β, ln R*)`. The objective, as for approach 3, is the summed Huber loss of
/// `ln(prediction) − ln(loss)`; its gradient is analytic (see `EffectiveDataObjective`). A few
/// starts (β ∈ {0.2, 0.5}, R* ∈ {3, 15, 60}, E = half the smallest loss, B matched to the data)
/// guard against a poor basin; the lowest objective wins.
public struct EffectiveDataFit: Sendable {
    /// Irreducible loss `E`.
    public let E: Double
    /// Data coefficient `B` and exponent `β`.
    public let B: Double, beta: Double
    /// Repetition decay constant `R*`.
    public let rStar: Double
    /// Summed Huber objective at the optimum.
    public let objective: Double
    public let best: LBFGS.Result
    /// Inputs and settings (kept for the bootstrap).
    public let observations: [RepeatedDataObservation]
    public let delta: Double
    public let lbfgs: LBFGS.Options
    /// The lower bound `E₀` the fit kept `E` above (0: none).
    public let floor: Double

    /// Predicted loss at `U` unique tokens seen `R` times.
    public func loss(uniqueTokens u: Double, recitations r: Double) -> Double {
        E + B * pow(EffectiveData.tokens(unique: u, recitations: r, rStar: rStar), -beta)
    }

    /// `θ = (ln(E − E₀), ln B, ln β, ln R*)` at the optimum.
    public var theta: [Double] { [log(E - floor), log(B), log(beta), log(rStar)] }

    /// Fits from a few data-driven starts. `floor`: a known lower bound of `E` (the world's entropy
    /// rate for held-out loss on its text); 0 leaves `E` free above zero.
    public init(observations: [RepeatedDataObservation], delta: Double = 1e-3, lbfgs: LBFGS.Options = LBFGS.Options(),
                floor: Double = 0) throws {
        let objective = try EffectiveDataObjective(observations: observations, delta: delta, floor: floor)
        try self.init(objective: objective, observations: observations, delta: delta, lbfgs: lbfgs,
                      starts: EffectiveDataFit.defaultStarts(observations, floor: floor))
    }

    init(objective: EffectiveDataObjective, observations: [RepeatedDataObservation], delta: Double,
         lbfgs: LBFGS.Options, starts: [[Double]]) throws {
        let floor = objective.floor
        let minimizer = LBFGS(options: lbfgs)
        var best: LBFGS.Result? = nil
        for start in starts {
            let result = minimizer.minimize(from: start, objective.valueAndGradient)
            if result.value.isFinite && result.value < (best?.value ?? .infinity) { best = result }
        }
        guard let best else { throw AnalysisError.noFiniteFit(fit: "effective data") }
        self.E = floor + exp(best.x[0])
        self.B = exp(best.x[1])
        self.beta = exp(best.x[2])
        self.rStar = exp(best.x[3])
        self.objective = best.value
        self.best = best
        self.observations = observations
        self.delta = delta
        self.lbfgs = lbfgs
        self.floor = floor
    }

    /// Starts: `E₀` = half the smallest loss; for each `(β₀, R*₀)`, `B₀` = the geometric mean of
    /// `(Lᵢ − E₀)·D′ᵢ^β₀`, which puts the start's curve through the middle of the data.
    static func defaultStarts(_ observations: [RepeatedDataObservation], floor: Double = 0) -> [[Double]] {
        // Halfway from the floor to the smallest loss (half the smallest loss with no floor).
        let lowest = observations.map(\.loss).min()!
        let e0 = floor + 0.5 * max(lowest - floor, 1e-6)
        var starts: [[Double]] = []
        for beta0 in [0.2, 0.5] {
            for rStar0 in [3.0, 15, 60] {
                let logB = observations.map {
                    log(max($0.loss - e0, 1e-12)) + beta0 * log(EffectiveData.tokens(unique: $0.uniqueTokens, recitations: $0.recitations, rStar: rStar0))
                }.reduce(0, +) / Double(observations.count)
                starts.append([log(e0 - floor), logB, log(beta0), log(rStar0)])
            }
        }
        return starts
    }

    /// Percentile interval for `R*` (and, alongside, `β`), resampling observations with replacement
    /// and refitting from the full-data optimum and the default starts.
    public func bootstrapRStar(_ options: BootstrapOptions = BootstrapOptions()) -> BootstrapInterval {
        let observations = self.observations, delta = self.delta, lbfgs = self.lbfgs, theta = self.theta, floor = self.floor
        return Bootstrap.intervals(estimates: [rStar], options: options) { rng in
            let sample = Bootstrap.resampleIndices(count: observations.count, using: &rng).map { observations[$0] }
            guard let objective = try? EffectiveDataObjective(observations: sample, delta: delta, floor: floor),
                  let fit = try? EffectiveDataFit(objective: objective, observations: sample, delta: delta, lbfgs: lbfgs,
                                                  starts: [theta] + EffectiveDataFit.defaultStarts(sample, floor: floor))
            else { return nil }
            return [fit.rStar]
        }[0]
    }
}
