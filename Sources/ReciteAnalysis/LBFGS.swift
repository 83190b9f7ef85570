// A small L-BFGS minimiser (Nocedal & Wright 2006, algorithms 7.4, 7.5, 3.5 and 3.6).
//
// Written here because none of the Swift packages available to this project ships one
// (swift-numerics has no optimiser). It is what the Chinchilla approach-3 and effective-data fits
// need: a smooth-ish objective of a handful of parameters with an analytic gradient.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Limited-memory BFGS with a strong-Wolfe line search.
///
/// Each step solves `d = −H·g` with the two-loop recursion over the last `memory` pairs
/// `(s, y) = (Δx, Δg)`, scaling the initial inverse Hessian by `sᵀy / yᵀy`, then finds a step
/// length satisfying the strong Wolfe conditions (sufficient decrease `c₁ = 1e-4`, curvature
/// `c₂ = 0.9`) by bracketing and zooming with safeguarded cubic interpolation. A pair with
/// `sᵀy ≤ ε·‖s‖‖y‖` is not stored, which keeps the implicit Hessian positive definite even when
/// the line search only met the Armijo condition.
public struct LBFGS: Sendable {
    /// Stopping and memory settings.
    public struct Options: Sendable, Equatable {
        /// Number of `(s, y)` pairs kept.
        public var memory: Int
        /// Iteration cap.
        public var maxIterations: Int
        /// Stop when `‖g‖∞ ≤ gradientTolerance`.
        public var gradientTolerance: Double
        /// Stop when `f_{k} − f_{k+1} ≤ relativeDecreaseTolerance · max(|f_k|, |f_{k+1}|)`:
        /// a purely relative test, so scaling the objective (a sum against a mean) does not change
        /// when the minimiser stops. (An absolute floor, as in L-BFGS-B's `factr` test with
        /// `max(|f|, 1)`, is what made averaged Huber objectives stop early.)
        public var relativeDecreaseTolerance: Double
        /// Cap on function evaluations per line search.
        public var maxLineSearchEvaluations: Int

        public init(memory: Int = 10, maxIterations: Int = 1000, gradientTolerance: Double = 1e-10,
                    relativeDecreaseTolerance: Double = 1e-13, maxLineSearchEvaluations: Int = 30) {
            self.memory = memory
            self.maxIterations = maxIterations
            self.gradientTolerance = gradientTolerance
            self.relativeDecreaseTolerance = relativeDecreaseTolerance
            self.maxLineSearchEvaluations = maxLineSearchEvaluations
        }
    }

    /// Why the minimiser stopped.
    public enum Termination: String, Sendable, Equatable {
        case gradientTolerance = "gradient norm below tolerance"
        case relativeDecrease = "relative decrease below tolerance"
        case maxIterations = "iteration limit"
        case lineSearchFailed = "line search found no decrease"
        case nonFinite = "objective not finite at the start"
    }

    /// The minimiser's outcome.
    public struct Result: Sendable, Equatable {
        public let x: [Double]
        public let value: Double
        public let gradient: [Double]
        public let iterations: Int
        public let evaluations: Int
        public let termination: Termination
        /// True for the two tolerance-based stops.
        public var converged: Bool { termination == .gradientTolerance || termination == .relativeDecrease }
    }

    public var options: Options

    public init(options: Options = Options()) { self.options = options }

    /// Minimises `f` from `x0`; `f` returns the value and the gradient at a point.
    public func minimize(from x0: [Double], _ f: ([Double]) -> (value: Double, gradient: [Double])) -> Result {
        let n = x0.count
        var x = x0
        var (fx, g) = f(x)
        var evaluations = 1
        guard fx.isFinite, g.allSatisfy(\.isFinite) else {
            return Result(x: x, value: fx, gradient: g, iterations: 0, evaluations: 1, termination: .nonFinite)
        }
        var sHistory: [[Double]] = [], yHistory: [[Double]] = [], rhoHistory: [Double] = []
        for iteration in 0..<options.maxIterations {
            if LBFGS.maxNorm(g) <= options.gradientTolerance {
                return Result(x: x, value: fx, gradient: g, iterations: iteration, evaluations: evaluations, termination: .gradientTolerance)
            }
            var d = LBFGS.twoLoop(gradient: g, s: sHistory, y: yHistory, rho: rhoHistory)
            var slope = LBFGS.dot(g, d)
            if !(slope < 0) {  // not a descent direction: restart from steepest descent
                sHistory.removeAll(); yHistory.removeAll(); rhoHistory.removeAll()
                d = g.map { -$0 }
                slope = -LBFGS.dot(g, g)
            }
            // First step of a restart: a unit-length move, since −g carries the objective's scale.
            let initialStep = sHistory.isEmpty ? min(1, 1 / max(LBFGS.maxNorm(d), 1e-300)) : 1
            guard let step = lineSearch(f: f, x: x, fx: fx, slope: slope, d: d, initial: initialStep, evaluations: &evaluations) else {
                return Result(x: x, value: fx, gradient: g, iterations: iteration, evaluations: evaluations, termination: .lineSearchFailed)
            }
            let s = (0..<n).map { step.x[$0] - x[$0] }
            let y = (0..<n).map { step.gradient[$0] - g[$0] }
            let sy = LBFGS.dot(s, y)
            if sy > 1e-12 * (LBFGS.dot(s, s) * LBFGS.dot(y, y)).squareRoot() {
                sHistory.append(s); yHistory.append(y); rhoHistory.append(1 / sy)
                if sHistory.count > options.memory {
                    sHistory.removeFirst(); yHistory.removeFirst(); rhoHistory.removeFirst()
                }
            }
            let decrease = fx - step.value
            x = step.x; g = step.gradient
            let previous = fx
            fx = step.value
            if decrease <= options.relativeDecreaseTolerance * max(abs(previous), abs(fx)) {
                return Result(x: x, value: fx, gradient: g, iterations: iteration + 1, evaluations: evaluations, termination: .relativeDecrease)
            }
        }
        let termination: Termination = LBFGS.maxNorm(g) <= options.gradientTolerance ? .gradientTolerance : .maxIterations
        return Result(x: x, value: fx, gradient: g, iterations: options.maxIterations, evaluations: evaluations, termination: termination)
    }

    // MARK: - Two-loop recursion

    /// `−H·g` where `H` is the L-BFGS inverse-Hessian approximation built from the stored pairs.
    static func twoLoop(gradient g: [Double], s: [[Double]], y: [[Double]], rho: [Double]) -> [Double] {
        var q = g
        var alpha = [Double](repeating: 0, count: s.count)
        for i in stride(from: s.count - 1, through: 0, by: -1) {
            alpha[i] = rho[i] * dot(s[i], q)
            for j in q.indices { q[j] -= alpha[i] * y[i][j] }
        }
        if let sl = s.last, let yl = y.last {
            let gamma = dot(sl, yl) / dot(yl, yl)
            for j in q.indices { q[j] *= gamma }
        }
        for i in 0..<s.count {
            let beta = rho[i] * dot(y[i], q)
            for j in q.indices { q[j] += (alpha[i] - beta) * s[i][j] }
        }
        return q.map { -$0 }
    }

    // MARK: - Strong-Wolfe line search

    private struct Trial { var t: Double; var value: Double; var slope: Double; var x: [Double]; var gradient: [Double] }

    /// Finds `t` with `f(x+t·d) ≤ f(x) + c₁·t·slope` and `|∇f(x+t·d)·d| ≤ c₂·|slope|` (Nocedal &
    /// Wright algorithm 3.5 with the zoom of 3.6). If the evaluation budget runs out, returns the best
    /// point that met the sufficient-decrease (Armijo) condition, or `nil` if none did.
    private func lineSearch(
        f: ([Double]) -> (value: Double, gradient: [Double]), x: [Double], fx: Double, slope: Double,
        d: [Double], initial: Double, evaluations: inout Int
    ) -> Trial? {
        let c1 = 1e-4, c2 = 0.9
        func evaluate(_ t: Double) -> Trial {
            let xt = zip(x, d).map { $0 + t * $1 }
            let (v, gr) = f(xt)
            evaluations += 1
            let ok = v.isFinite && gr.allSatisfy(\.isFinite)
            return Trial(t: t, value: ok ? v : .infinity, slope: ok ? LBFGS.dot(gr, d) : .nan, x: xt, gradient: gr)
        }
        func armijo(_ trial: Trial) -> Bool { trial.value <= fx + c1 * trial.t * slope }
        func curvature(_ trial: Trial) -> Bool { abs(trial.slope) <= c2 * abs(slope) }

        var bestArmijo: Trial? = nil
        var previous = Trial(t: 0, value: fx, slope: slope, x: x, gradient: [])
        var t = initial
        var budget = options.maxLineSearchEvaluations
        var lo: Trial, hi: Trial
        // Bracketing phase: grow t until the interval [previous, current] must hold a Wolfe point.
        while true {
            guard budget > 0 else { return bestArmijo }
            budget -= 1
            let current = evaluate(t)
            if armijo(current) && current.value < (bestArmijo?.value ?? .infinity) { bestArmijo = current }
            if !armijo(current) || (current.value >= previous.value && previous.t > 0) {
                lo = previous; hi = current; break
            }
            if curvature(current) { return current }
            if current.slope >= 0 { lo = current; hi = previous; break }
            previous = current
            t *= 2
        }
        // Zoom phase: shrink [lo, hi] (lo always satisfies Armijo and has the lower value).
        while budget > 0 {
            budget -= 1
            let trialT = LBFGS.interpolate(lo, hi)
            let trial = evaluate(trialT)
            if armijo(trial) && trial.value < (bestArmijo?.value ?? .infinity) { bestArmijo = trial }
            if !armijo(trial) || trial.value >= lo.value {
                hi = trial
            } else {
                if curvature(trial) { return trial }
                if trial.slope * (hi.t - lo.t) >= 0 { hi = lo }
                lo = trial
            }
            if abs(hi.t - lo.t) <= 1e-16 * max(abs(lo.t), 1e-300) { break }
        }
        return bestArmijo
    }

    /// Minimiser of the cubic through two trials' values and slopes, kept inside the middle 80% of
    /// the interval (bisection when the cubic is unusable, e.g. an infinite value at `hi`).
    private static func interpolate(_ lo: Trial, _ hi: Trial) -> Double {
        let a = min(lo.t, hi.t), b = max(lo.t, hi.t), width = b - a
        var t = (lo.t + hi.t) / 2
        if hi.value.isFinite && hi.slope.isFinite {
            let d1 = lo.slope + hi.slope - 3 * (lo.value - hi.value) / (lo.t - hi.t)
            let disc = d1 * d1 - lo.slope * hi.slope
            if disc >= 0 {
                let d2 = (hi.t > lo.t ? 1.0 : -1.0) * disc.squareRoot()
                let cubic = hi.t - (hi.t - lo.t) * (hi.slope + d2 - d1) / (hi.slope - lo.slope + 2 * d2)
                if cubic.isFinite { t = cubic }
            }
        }
        return min(max(t, a + 0.1 * width), b - 0.1 * width)
    }

    // MARK: - Vector helpers

    @inline(__always) static func dot(_ u: [Double], _ v: [Double]) -> Double {
        var s = 0.0
        for i in u.indices { s += u[i] * v[i] }
        return s
    }

    @inline(__always) static func maxNorm(_ u: [Double]) -> Double { u.reduce(0) { max($0, abs($1)) } }
}
