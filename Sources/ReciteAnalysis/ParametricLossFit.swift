// Chinchilla approach 3: fit L(N, D) = E + A/N^α + B/D^β, then derive the compute-optimal law.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `L(N, D) = E + A/N^α + B/D^β` and the compute-optimal allocation it implies.
public struct ParametricLoss: Sendable, Equatable {
    /// Irreducible loss `E`.
    public let E: Double
    /// Model-size term `A/N^α`.
    public let A: Double, alpha: Double
    /// Data term `B/D^β`.
    public let B: Double, beta: Double

    public init(E: Double, A: Double, B: Double, alpha: Double, beta: Double) {
        self.E = E
        self.A = A
        self.B = B
        self.alpha = alpha
        self.beta = beta
    }

    /// `L(N, D)`.
    public func callAsFunction(parameters n: Double, tokens d: Double) -> Double {
        E + A / pow(n, alpha) + B / pow(d, beta)
    }

    /// Exponent of `N_opt ∝ C^a`: `a = β/(α+β)`.
    public var a: Double { beta / (alpha + beta) }
    /// Exponent of `D_opt ∝ C^b`: `b = α/(α+β)`.
    public var b: Double { alpha / (alpha + beta) }
    /// `G = (αA/(βB))^(1/(α+β))`.
    public var G: Double { pow(alpha * A / (beta * B), 1 / (alpha + beta)) }

    /// Minimising `L` subject to `C = 6ND` gives `N_opt = G·(C/6)^a` and `D_opt = G⁻¹·(C/6)^b`
    /// (Hoffmann et al. 2022, eq. 4), i.e. `k_N = G·6^(−a)` and `k_D = G⁻¹·6^(−b)`.
    public var law: ComputeOptimalLaw {
        ComputeOptimalLaw(a: a, b: b, parametersCoefficient: G * pow(6, -a), tokensCoefficient: pow(6, -b) / G)
    }
}

/// One run's final loss for approach 3 (and its size and tokens).
public struct LossObservation: Sendable, Equatable {
    public let parameters: Double
    public let tokens: Double
    public let loss: Double

    public init(parameters: Double, tokens: Double, loss: Double) {
        self.parameters = parameters
        self.tokens = tokens
        self.loss = loss
    }
}

/// Approach 3 of Hoffmann et al. (2022), with the corrections of Besiroglu et al. (2024).
///
/// Minimises `Σᵢ Huber_δ(LSE(a − α ln Nᵢ, b − β ln Dᵢ, e) − ln Lᵢ)` (see `HuberLSEObjective`) by
/// L-BFGS from every start of a grid over `(a, b, e, α, β)` and keeps the lowest objective. The
/// objective is summed, not averaged, and the minimiser's stopping test is relative, so it runs to
/// the optimum rather than stopping at the first plateau.
public struct ParametricLossFit: Sendable {
    /// Starting values for `(a, b, e, α, β)`; the grid is their Cartesian product.
    public struct InitialGrid: Sendable, Equatable {
        public var a: [Double], b: [Double], e: [Double], alpha: [Double], beta: [Double]

        public init(a: [Double], b: [Double], e: [Double], alpha: [Double], beta: [Double]) {
            self.a = a
            self.b = b
            self.e = e
            self.alpha = alpha
            self.beta = beta
        }

        /// Hoffmann et al.'s grid: α, β ∈ {0, 0.5, …, 2}, e ∈ {−1, −0.5, …, 1}, a, b ∈ {0, 5, …, 25}
        /// (4,500 starts).
        public static let hoffmann = InitialGrid(
            a: stride(from: 0.0, through: 25, by: 5).map { $0 }, b: stride(from: 0.0, through: 25, by: 5).map { $0 },
            e: stride(from: -1.0, through: 1, by: 0.5).map { $0 },
            alpha: stride(from: 0.0, through: 2, by: 0.5).map { $0 }, beta: stride(from: 0.0, through: 2, by: 0.5).map { $0 })

        /// A coarser grid for quick fits and tests (3·3·2·2·2 = 72 starts): α, β ∈ {0.5, 1},
        /// e ∈ {−1, 0.5}, a, b ∈ {0, 10, 20}.
        public static let coarse = InitialGrid(
            a: [0, 10, 20], b: [0, 10, 20], e: [-1, 0.5], alpha: [0.5, 1], beta: [0.5, 1])

        /// Every start as `θ = (a, b, e, α, β)`.
        public var starts: [[Double]] {
            var out: [[Double]] = []
            for a in a { for b in b { for e in e { for al in alpha { for be in beta { out.append([a, b, e, al, be]) } } } } }
            return out
        }
    }

    /// Settings of the fit.
    public struct Options: Sendable, Equatable {
        /// Huber threshold δ.
        public var delta: Double
        public var grid: InitialGrid
        public var lbfgs: LBFGS.Options
        /// Worker threads for the starts (0: one per online core). The result does not depend on it.
        public var threads: Int

        public init(delta: Double = 1e-3, grid: InitialGrid = .hoffmann, lbfgs: LBFGS.Options = LBFGS.Options(), threads: Int = 0) {
            self.delta = delta
            self.grid = grid
            self.lbfgs = lbfgs
            self.threads = threads
        }
    }

    /// The fitted law.
    public let loss: ParametricLoss
    /// The optimum `θ = (a, b, e, α, β)`.
    public let theta: [Double]
    /// The summed Huber objective at the optimum.
    public let objective: Double
    /// The winning L-BFGS run.
    public let best: LBFGS.Result
    /// Starts tried, and how many of them stopped on a tolerance (not on the iteration cap).
    public let starts: Int, convergedStarts: Int
    /// Inputs (kept for the bootstrap).
    public let observations: [LossObservation]
    public let options: Options
    /// Known lower bound `E₀` of `E` (0: none); with one, `E = E₀ + e^θ₂`.
    public let floor: Double

    public var law: ComputeOptimalLaw { loss.law }
    public var a: Double { loss.a }
    public var b: Double { loss.b }
    public func extrapolate(toBudget budget: Double) -> ComputeAllocation { law.extrapolate(toBudget: budget) }
    /// The largest training compute `6·N·D` among the observations.
    public var largestBudget: Double { observations.map { 6 * $0.parameters * $0.tokens }.max() ?? .nan }

    /// Fits from every start of `options.grid`. `floor`: a known lower bound of `E` (the world's
    /// exact entropy rate: held-out loss on fresh text cannot go below it), or 0 for none.
    public init(observations: [LossObservation], options: Options = Options(), floor: Double = 0) throws {
        try self.init(observations: observations, options: options, starts: options.grid.starts, floor: floor)
    }

    /// Fits from the given starts `θ = (a, b, e, α, β)` (the bootstrap warm-starts from the full fit).
    public init(observations: [LossObservation], options: Options, starts: [[Double]], floor: Double = 0) throws {
        guard floor >= 0, floor.isFinite else {
            throw AnalysisError.invalidInput(fit: "parametric loss L(N, D)", detail: "the floor of E must be finite and ≥ 0, found \(floor)")
        }
        let objective = try ParametricLossFit.objective(observations, delta: options.delta, floor: floor)
        let run = MultiStart(starts: starts, options: options.lbfgs, threads: options.threads, objective.valueAndGradient)
        guard let best = run.best else { throw AnalysisError.noFiniteFit(fit: "parametric loss L(N, D)") }
        let t = best.x
        self.loss = ParametricLoss(E: floor + exp(t[2]), A: exp(t[0]), B: exp(t[1]), alpha: t[3], beta: t[4])
        self.theta = t
        self.objective = best.value
        self.best = best
        self.starts = starts.count
        self.convergedStarts = run.converged
        self.observations = observations
        self.options = options
        self.floor = floor
    }

    /// The objective over validated observations.
    static func objective(_ observations: [LossObservation], delta: Double, floor: Double = 0) throws -> HuberLSEObjective {
        for o in observations where !(o.parameters > 0 && o.tokens > 0 && o.loss > 0) {
            throw AnalysisError.invalidInput(fit: "parametric loss L(N, D)", detail: "N, D and loss must be positive, found \(o)")
        }
        guard observations.count >= 5 else {
            throw AnalysisError.tooFewPoints(fit: "parametric loss L(N, D)", needed: 5, found: observations.count)
        }
        return HuberLSEObjective(
            logN: observations.map { log($0.parameters) }, logD: observations.map { log($0.tokens) },
            logL: observations.map { log($0.loss) }, delta: delta, floor: floor)
    }
}
