// From finished training runs to the three Chinchilla analyses of one world, with bootstrap
// intervals and the extrapolated optimum: the glue behind `recite fit`. It takes plain values, not
// the lab's result rows, so it can be fed from any table.
import Foundation

/// One evaluation of one run at one checkpoint: what the scaling analyses need from a results row.
public struct ScalingObservation: Sendable, Equatable {
    /// Run identifier: checkpoints of one run share it; the last checkpoint is its final loss.
    public var run: String
    /// World the run trained on (analyses are made per world).
    public var world: String
    /// Exact parameter count `N`.
    public var parameters: Double
    /// The compute budget `C` the run was given (its isoFLOP profile); runs with equal budgets form one profile.
    public var budget: Double
    /// Tokens trained up to this checkpoint, `D`.
    public var tokens: Double
    /// Held-out loss at this checkpoint.
    public var loss: Double
    /// The world's entropy rate (the floor of the loss), nats/token.
    public var entropyFloor: Double

    public init(run: String, world: String, parameters: Double, budget: Double, tokens: Double, loss: Double, entropyFloor: Double) {
        self.run = run; self.world = world; self.parameters = parameters; self.budget = budget
        self.tokens = tokens; self.loss = loss; self.entropyFloor = entropyFloor
    }
}

/// Settings of a scaling analysis.
public struct ScalingOptions: Sendable, Equatable {
    /// Besiroglu et al. (2024) draw 4,000 resamples; so do we (a refit is milliseconds here).
    public var bootstrap = BootstrapOptions(replicates: 4000)
    public var envelope = ComputeOptimal.EnvelopeOptions()
    public var parametric = ParametricLossFit.Options()
    /// Approach 3 keeps `E` above the world's exact entropy rate (`E = floor + e^θ`): held-out loss
    /// on fresh text cannot go below it, so an `E` under the floor only trades against `A/N^α`.
    public var boundEByFloor = true
    /// The optimum is extrapolated to this multiple of the largest budget (Hoffmann et al. annotate ~100×).
    public var extrapolationFactor: Double = 100
    /// Approach 2 fits each profile's parabola to the sizes within this factor of the profile's
    /// best observed size (0: every size). A parabola in `ln N` describes a profile only near its
    /// minimum; far from it the two sides (capacity-limited, token-starved) are not symmetric.
    public var isoFLOPWindow: Double = 0
    /// Largest allowed rise of a run's held-out loss between checkpoints, counted from this share of
    /// its tokens (the warmup is excluded).
    public var spikeTolerance: Double = 0.05
    public var spikeAfterFraction: Double = 0.05
    /// Largest allowed difference of `N_opt`'s local slopes over the lower and upper halves of the
    /// budgets; beyond it the law bends and nothing is extrapolated.
    public var slopeTolerance: Double = 0.1

    public init() {}
}

/// A bootstrap interval in a form that encodes to JSON (no NaN): the estimate and its bounds.
public struct IntervalSummary: Codable, Sendable, Equatable {
    public var estimate: Double?
    public var lower: Double?
    public var upper: Double?
    public var failures: Int

    public init(_ i: BootstrapInterval) {
        estimate = finite(i.estimate); lower = finite(i.lower); upper = finite(i.upper); failures = i.failures
    }

    public init(estimate: Double) { self.estimate = finite(estimate); lower = nil; upper = nil; failures = 0 }

    /// Whether both intervals exist and share no point.
    public func isDisjoint(from o: IntervalSummary) -> Bool {
        guard let l1 = lower, let u1 = upper, let l2 = o.lower, let u2 = o.upper else { return false }
        return u1 < l2 || u2 < l1
    }
}

/// `x` when finite, else nil (JSON has no NaN).
@inline(__always) func finite(_ x: Double) -> Double? { x.isFinite ? x : nil }

/// One isoFLOP profile: what was observed and what approach 2 made of it.
public struct ProfileSummary: Codable, Sendable, Equatable {
    /// The nominal budget `C` (as the runs were given it).
    public var budget: Double
    /// The same budget in `6·N·D` units (geometric mean over the profile's runs).
    public var budget6ND: Double
    public var sizes: Int
    /// The size with the lowest observed final loss, and that loss.
    public var bestParameters: Double
    public var bestLoss: Double
    /// Its rank among the profile's sizes (0 = smallest).
    public var bestRank: Int
    /// Approach 2's parabola: vertex `N_opt`, its loss, R², and whether the profile was accepted.
    public var vertexParameters: Double?
    public var vertexLoss: Double?
    public var rSquared: Double?
    public var status: String
}

/// One approach's compute-optimal law.
public struct ApproachSummary: Codable, Sendable, Equatable {
    public var approach: Int
    public var name: String
    public var a: IntervalSummary
    public var b: IntervalSummary
    /// R² of the log-log fits of `N_opt` and `D_opt` (approaches 1 and 2; nil for approach 3).
    public var rSquaredN: Double?
    public var rSquaredD: Double?
    /// `N_opt` and `D_opt` at `extrapolationBudget6ND` (nil when the law bends: see `WorldScaling.slopes`).
    public var optimalParameters: Double?
    public var optimalTokens: Double?
    /// Why the approach has no result, when it failed.
    public var error: String?
    /// Bootstrap intervals of `N_opt` and `D_opt` at the extrapolation budget (each replicate
    /// extrapolates its own law).
    public var optimalParametersInterval: IntervalSummary? = nil
    public var optimalTokensInterval: IntervalSummary? = nil
}

/// Approach 3's fitted loss surface `L = E + A/N^α + B/D^β`, with intervals.
public struct SurfaceSummary: Codable, Sendable, Equatable {
    public var E: IntervalSummary, A: IntervalSummary, B: IntervalSummary
    public var alpha: IntervalSummary, beta: IntervalSummary
    public var observations: Int
    /// Whether `E` was bounded below by the world's entropy floor.
    public var floorBound: Bool = false
}

/// Everything the three approaches say about one world.
public struct WorldScaling: Codable, Sendable, Equatable {
    public var world: String
    public var entropyFloor: Double
    public var runs: Int
    /// `6·N·D / C` over the runs (geometric mean): how the simulator's FLOP count (dense products
    /// only; the embedding gather is free) relates to the `6·N·D` convention the fits use.
    public var computeRatio: Double
    public var profiles: [ProfileSummary]
    public var approaches: [ApproachSummary]
    public var surface: SurfaceSummary?
    /// The extrapolation budget: `extrapolationFactor ×` the largest budget, nominal and in `6·N·D` units.
    public var extrapolationBudget: Double
    public var extrapolationBudget6ND: Double
    /// Pairs of approaches whose intervals for `a` or `b` do not overlap, with the numbers.
    public var disagreements: [String]
    /// Loss spikes between checkpoints (SGD instability) over every run of this world.
    public var spikes: SpikeSummary
    /// `N_opt`'s local slopes over the lower and upper halves of the budgets (approach 2's
    /// vertices); nil with fewer than four accepted profiles.
    public var slopes: SlopeConsistency?
    /// Approach 2 on approach 3's fitted surface at the runs' own (N, D): the parabolas' bias.
    public var parabolaBias: ParabolaBias?
    /// Why the optimum is not extrapolated (the law bends), when it is not.
    public var extrapolationWithheld: String?
}

public enum ScalingAnalysis {
    // MARK: - Per world

    /// The three approaches on one world's observations (every checkpoint of every run).
    ///
    /// Compute is measured as `6·N·D` throughout (the convention approaches 1 and 2 assume when they
    /// set `D_opt = C/(6·N_opt)`, and approach 3 when it derives its law), so the three laws and their
    /// extrapolations are comparable; a profile's nominal budget only groups its runs.
    public static func analyse(world: String, _ obs: [ScalingObservation], options: ScalingOptions = ScalingOptions()) throws -> WorldScaling {
        let usable = obs.filter { $0.world == world && $0.loss.isFinite && $0.parameters > 0 && $0.tokens > 0 }
        let finals = finalObservations(usable)
        guard finals.count >= 3 else { throw AnalysisError.tooFewPoints(fit: "scaling analysis of \(world) (finished runs)", needed: 3, found: finals.count) }
        let withBudget = finals.filter { $0.budget > 0 }
        let ratio = geometricMean(withBudget.map { 6 * $0.parameters * $0.tokens / $0.budget })
        let profiles = profileGroups(withBudget)
        let budgets6 = profiles.map { g in geometricMean(g.map { 6 * $0.parameters * $0.tokens }) }
        let largestNominal = profiles.last?.first?.budget ?? finals.map { 6 * $0.parameters * $0.tokens }.max()!
        let largest6 = budgets6.last ?? largestNominal
        let target = options.extrapolationFactor * largest6
        var approaches: [ApproachSummary] = []

        // Approach 1: envelope of every run's checkpoints.
        var byRun: [String: [ScalingObservation]] = [:]
        for o in usable { byRun[o.run, default: []].append(o) }
        let curves = byRun.keys.sorted().map { k in
            let c = byRun[k]!
            return TrainingCurve(parameters: c[0].parameters, flops: c.map { 6 * $0.parameters * $0.tokens }, loss: c.map(\.loss))
        }
        approaches.append(attempt(1, "envelope of training curves") {
            let fit = try ComputeOptimal.envelope(curves: curves, options: options.envelope)
            let iv = fit.bootstrap(options.bootstrap, extrapolateTo: target), x = fit.extrapolate(toBudget: target)
            return ApproachSummary(approach: 1, name: "", a: IntervalSummary(iv.a), b: IntervalSummary(iv.b),
                                   rSquaredN: finite(fit.parametersFit.rSquared), rSquaredD: finite(fit.tokensFit.rSquared),
                                   optimalParameters: finite(x.parameters), optimalTokens: finite(x.tokens), error: nil,
                                   optimalParametersInterval: iv.parameters.map(IntervalSummary.init),
                                   optimalTokensInterval: iv.tokens.map(IntervalSummary.init))
        })

        // Approach 2: a parabola per profile.
        var points: [IsoFLOPPoint] = []
        for (g, c6) in zip(profiles, budgets6) {
            for o in window(g, factor: options.isoFLOPWindow) {
                points.append(IsoFLOPPoint(budget: c6, parameters: o.parameters, tokens: o.tokens, loss: o.loss))
            }
        }
        var iso: IsoFLOPFit?
        approaches.append(attempt(2, "isoFLOP profiles") {
            let fit = try IsoFLOPFit(points: points)
            iso = fit
            let iv = fit.bootstrap(options.bootstrap, extrapolateTo: target), x = fit.extrapolate(toBudget: target)
            return ApproachSummary(approach: 2, name: "", a: IntervalSummary(iv.a), b: IntervalSummary(iv.b),
                                   rSquaredN: finite(fit.parametersFit.rSquared), rSquaredD: finite(fit.tokensFit.rSquared),
                                   optimalParameters: finite(x.parameters), optimalTokens: finite(x.tokens), error: nil,
                                   optimalParametersInterval: iv.parameters.map(IntervalSummary.init),
                                   optimalTokensInterval: iv.tokens.map(IntervalSummary.init))
        })

        // Approach 3: the parametric surface on final losses.
        var surface: SurfaceSummary?
        var surfaceLaw: ParametricLoss?
        approaches.append(attempt(3, "parametric loss L(N, D)") {
            let fit = try ParametricLossFit(
                observations: finals.map { LossObservation(parameters: $0.parameters, tokens: $0.tokens, loss: $0.loss) },
                options: options.parametric, floor: options.boundEByFloor ? finals[0].entropyFloor : 0)
            surfaceLaw = fit.loss
            let iv = fit.bootstrap(options.bootstrap, extrapolateTo: target), x = fit.extrapolate(toBudget: target)
            surface = SurfaceSummary(E: IntervalSummary(iv.E), A: IntervalSummary(iv.A), B: IntervalSummary(iv.B),
                                     alpha: IntervalSummary(iv.alpha), beta: IntervalSummary(iv.beta), observations: finals.count,
                                     floorBound: fit.floor > 0)
            return ApproachSummary(approach: 3, name: "", a: IntervalSummary(iv.a), b: IntervalSummary(iv.b),
                                   rSquaredN: nil, rSquaredD: nil,
                                   optimalParameters: finite(x.parameters), optimalTokens: finite(x.tokens), error: nil,
                                   optimalParametersInterval: iv.parameters.map(IntervalSummary.init),
                                   optimalTokensInterval: iv.tokens.map(IntervalSummary.init))
        })

        let summaries = zip(profiles, budgets6).map { g, c6 in profileSummary(g, budget6: c6, fit: iso) }
        let accepted = iso?.profiles.filter { $0.status == .accepted } ?? []
        let slopes = slopeConsistency(budgets: accepted.map(\.budget), optima: accepted.map(\.optimalParameters),
                                      tolerance: options.slopeTolerance)
        var withheld: String?
        if let s = slopes, !s.consistent {
            // One power law does not describe N_opt over the span: extrapolating 100× past its end
            // would extend whichever half the fit happened to weight.
            withheld = String(format: "N_opt bends: local slope %@ over C = %@–%@ vs %@ over %@–%@ (tolerance %.2f); nothing is extrapolated past %@",
                              ScalingFormat.number(s.lowerSlope), ScalingFormat.sci(s.lowerBudgets.first), ScalingFormat.sci(s.lowerBudgets.last),
                              ScalingFormat.number(s.upperSlope), ScalingFormat.sci(s.upperBudgets.first), ScalingFormat.sci(s.upperBudgets.last),
                              s.tolerance, ScalingFormat.sci(s.upperBudgets.last))
            for i in approaches.indices {
                approaches[i].optimalParameters = nil; approaches[i].optimalTokens = nil
                approaches[i].optimalParametersInterval = nil; approaches[i].optimalTokensInterval = nil
            }
        }
        return WorldScaling(
            world: world, entropyFloor: finals[0].entropyFloor, runs: finals.count, computeRatio: ratio,
            profiles: summaries, approaches: approaches, surface: surface,
            extrapolationBudget: options.extrapolationFactor * largestNominal, extrapolationBudget6ND: target,
            disagreements: disagreements(approaches),
            spikes: spikes(usable, tolerance: options.spikeTolerance, afterFraction: options.spikeAfterFraction),
            slopes: slopes,
            parabolaBias: surfaceLaw.map { parabolaBias(points: points, law: $0, label: "approach 3's fitted surface for \(world)") },
            extrapolationWithheld: withheld)
    }

    /// Every world in the observations, in name order.
    public static func analyse(_ obs: [ScalingObservation], options: ScalingOptions = ScalingOptions()) throws -> [WorldScaling] {
        try Set(obs.map(\.world)).sorted().map { try analyse(world: $0, obs, options: options) }
    }

    // MARK: - Pieces

    /// The last checkpoint (most tokens) of every run.
    public static func finalObservations(_ obs: [ScalingObservation]) -> [ScalingObservation] {
        var last: [String: ScalingObservation] = [:]
        for o in obs where o.tokens > (last[o.run]?.tokens ?? -1) { last[o.run] = o }
        return last.keys.sorted().map { last[$0]! }
    }

    /// Final observations grouped by nominal budget (relative 1e-9), budgets ascending, sizes ascending.
    public static func profileGroups(_ finals: [ScalingObservation]) -> [[ScalingObservation]] {
        var groups: [[ScalingObservation]] = []
        for o in finals.sorted(by: { ($0.budget, $0.parameters) < ($1.budget, $1.parameters) }) {
            if let b = groups.last?.first?.budget, abs(o.budget - b) <= 1e-9 * b { groups[groups.count - 1].append(o) } else { groups.append([o]) }
        }
        return groups
    }

    /// The sizes within `factor` of the best observed size (all when `factor` ≤ 1).
    static func window(_ g: [ScalingObservation], factor: Double) -> [ScalingObservation] {
        guard factor > 1, let best = g.min(by: { $0.loss < $1.loss }) else { return g }
        return g.filter { abs(log($0.parameters / best.parameters)) <= log(factor) * (1 + 1e-12) }
    }

    static func profileSummary(_ g: [ScalingObservation], budget6: Double, fit: IsoFLOPFit?) -> ProfileSummary {
        let best = g.indices.min { g[$0].loss < g[$1].loss }!
        let p = fit?.profiles.first { abs($0.budget - budget6) <= 1e-9 * budget6 }
        return ProfileSummary(
            budget: g[0].budget, budget6ND: budget6, sizes: Set(g.map(\.parameters)).count,
            bestParameters: g[best].parameters, bestLoss: g[best].loss,
            bestRank: Set(g.map(\.parameters)).filter { $0 < g[best].parameters }.count,
            vertexParameters: p.flatMap { finite($0.optimalParameters) }, vertexLoss: p.flatMap { finite($0.minimumLoss) },
            rSquared: p.flatMap { finite($0.rSquared) }, status: p?.status.rawValue ?? "not fitted")
    }

    static func attempt(_ n: Int, _ name: String, _ body: () throws -> ApproachSummary) -> ApproachSummary {
        do {
            var s = try body()
            s.name = name
            return s
        } catch {
            return ApproachSummary(approach: n, name: name, a: IntervalSummary(estimate: .nan), b: IntervalSummary(estimate: .nan),
                                   rSquaredN: nil, rSquaredD: nil, optimalParameters: nil, optimalTokens: nil, error: "\(error)")
        }
    }

    /// Sentences for every pair of approaches whose intervals for `a` or `b` are disjoint.
    static func disagreements(_ approaches: [ApproachSummary]) -> [String] {
        var out: [String] = []
        for i in approaches.indices { for j in approaches.indices where j > i {
            let p = approaches[i], q = approaches[j]
            for (name, x, y) in [("a", p.a, q.a), ("b", p.b, q.b)] where x.isDisjoint(from: y) {
                out.append("\(name): approach \(p.approach) \(ScalingFormat.interval(x)) vs approach \(q.approach) \(ScalingFormat.interval(y)) — the intervals do not overlap")
            }
        } }
        return out
    }

    static func geometricMean(_ x: [Double]) -> Double {
        let v = x.filter { $0 > 0 && $0.isFinite }
        return v.isEmpty ? .nan : exp(v.map { log($0) }.reduce(0, +) / Double(v.count))
    }
}

/// Number formatting shared by the table and the claims.
public enum ScalingFormat {
    /// `0.512 [0.430, 0.601]`, or the estimate alone when there is no interval.
    public static func interval(_ i: IntervalSummary) -> String {
        guard let e = i.estimate else { return "n/a" }
        guard let l = i.lower, let u = i.upper else { return String(format: "%.3f", e) }
        return String(format: "%.3f [%.3f, %.3f]", e, l, u)
    }

    /// `0.512`, or `n/a`.
    public static func number(_ x: Double?) -> String {
        guard let x, x.isFinite else { return "n/a" }
        return String(format: "%.3f", x)
    }

    /// `3.2e+07`: two significant digits.
    public static func sci(_ x: Double?) -> String {
        guard let x, x.isFinite else { return "n/a" }
        return String(format: "%.1e", x)
    }
}
