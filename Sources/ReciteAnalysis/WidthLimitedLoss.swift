// The lowest loss a width can reach: the exact expected held-out loss of a one-token-context
// log-bilinear model (logits = E[x]·Wᵀ + b) against a dense next-token law, minimised over E, W and
// b by L-BFGS. Infinite data, no SGD, no schedule: what is left above the language's entropy floor
// is what width d cannot represent. Its local exponent α(d) = −Δ ln(L − floor) / Δ ln d is the
// width half of a Chinchilla law, measured on the world itself instead of fitted to runs.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ReciteCore

/// The population objective `Σ_r w_r · CE(P_r, softmax(E_r·Wᵀ + b))` and its gradient.
///
/// Parameters are one flat Double vector: `E` (`contexts × width`, row-major), then `W`
/// (`classes × width`), then `b` (`classes`). Double throughout, so L-BFGS's line search sees
/// gradients accurate to ~1e-12 rather than Float's 1e-7.
public struct LogBilinearPopulationLoss: Sendable {
    public let contexts: Int
    public let classes: Int
    public let width: Int
    /// Row-major `contexts × classes`; each row a distribution.
    let target: [Double]
    /// Weight of each context (its share of held-out positions); they sum to 1 for a held-out law.
    let weights: [Double]

    /// Preconditions: `target.count == contexts·classes`, `weights.count == contexts`, `width ≥ 1`.
    public init(target: [Double], weights: [Double], classes: Int, width: Int) {
        precondition(classes >= 1 && width >= 1 && !weights.isEmpty, "empty objective")
        precondition(target.count == weights.count * classes, "target is not contexts × classes")
        self.target = target
        self.weights = weights
        self.contexts = weights.count
        self.classes = classes
        self.width = width
    }

    /// Length of the parameter vector.
    public var parameterCount: Int { (contexts + classes) * width + classes }

    /// `Σ_r w_r · H(P_r)`: the floor of the objective, reached by a model with the law's own logits.
    public var floor: Double {
        var h = 0.0
        for r in 0..<contexts {
            var hr = 0.0
            for y in 0..<classes { let p = target[r * classes + y]; if p > 0 { hr -= p * log(p) } }
            h += weights[r] * hr
        }
        return h
    }

    /// Diagonal preconditioner: the parameters' curvature scales with their row's mass (a context's
    /// weight for its row of E, a class's marginal probability for its row of W and its bias), which
    /// spans four decades under a Zipf law and stalls L-BFGS on the rare rows. `evaluate(scaled:)`
    /// works in coordinates `x / scale`, which equalise it; `scale` is `1/√mass`, capped at 100×.
    public var scales: [Double] {
        let marginal = Self.marginal(target: target, weights: weights, classes: classes)
        func s(_ mass: Double, _ top: Double) -> Double { 1 / max(mass / top, 1e-4).squareRoot() }
        let wTop = weights.max() ?? 1, mTop = marginal.max() ?? 1
        var out = [Double](repeating: 1, count: parameterCount)
        for r in 0..<contexts { for k in 0..<width { out[r * width + k] = s(weights[r], wTop) } }
        for y in 0..<classes {
            for k in 0..<width { out[(contexts + y) * width + k] = s(marginal[y], mTop) }
            out[(contexts + classes) * width + y] = s(marginal[y], mTop)
        }
        return out
    }

    /// `Σ_r w_r·P_r(y)`: how much of the held-out mass each class carries.
    static func marginal(target: [Double], weights: [Double], classes: Int) -> [Double] {
        var m = [Double](repeating: 0, count: classes)
        for r in weights.indices { for y in 0..<classes { m[y] += weights[r] * target[r * classes + y] } }
        return m
    }

    /// Value and gradient in the coordinates `u = x / scales` (see `scales`).
    public func evaluate(scaled u: [Double], scales: [Double]) -> (value: Double, gradient: [Double]) {
        let (value, g) = evaluate(zip(u, scales).map { $0 * $1 })
        return (value, zip(g, scales).map { $0 * $1 })
    }

    /// Value and gradient at `x`.
    ///
    /// Cost: three `contexts × classes × width` GEMMs and `contexts·classes` exps.
    public func evaluate(_ x: [Double]) -> (value: Double, gradient: [Double]) {
        let c = contexts, v = classes, d = width
        var logits = [Double](repeating: 0, count: c * v)
        var gradient = [Double](repeating: 0, count: x.count)
        var value = 0.0
        x.withUnsafeBufferPointer { xp in
            let e = xp.baseAddress!, w = e + c * d, b = w + v * d
            logits.withUnsafeMutableBufferPointer { z in
                BLAS.dgemm(.none, .transposed, m: c, n: v, k: d, a: e, b: w, c: z.baseAddress!)
                target.withUnsafeBufferPointer { p in
                    // Each row becomes its gradient w_r·(softmax − P) in place.
                    for r in 0..<c {
                        let row = z.baseAddress! + r * v, pr = p.baseAddress! + r * v
                        var top = -Double.infinity
                        for y in 0..<v { row[y] += b[y]; top = max(top, row[y]) }
                        var sum = 0.0, dotP = 0.0
                        for y in 0..<v { dotP += pr[y] * row[y]; row[y] = exp(row[y] - top); sum += row[y] }
                        let wr = weights[r], scale = wr / sum
                        value += wr * (top + log(sum) - dotP)
                        for y in 0..<v { row[y] = scale * row[y] - wr * pr[y] }
                    }
                }
                gradient.withUnsafeMutableBufferPointer { g in
                    let ge = g.baseAddress!, gw = ge + c * d, gb = gw + v * d
                    BLAS.dgemm(.none, .none, m: c, n: d, k: v, a: z.baseAddress!, b: w, c: ge)
                    BLAS.dgemm(.transposed, .none, m: v, n: d, k: c, a: z.baseAddress!, b: e, c: gw)
                    for r in 0..<c { for y in 0..<v { gb[y] += z[r * v + y] } }
                }
            }
        }
        return (value, gradient)
    }
}

/// The width-limited loss at each width of a ladder.
public enum WidthLimitedLoss {
    /// One width's minimum.
    public struct Point: Sendable, Equatable {
        public let width: Int
        /// The minimised expected loss (nats/token).
        public let loss: Double
        /// `loss − floor`: what this width cannot represent.
        public let excess: Double
        public let iterations: Int
        public let converged: Bool
    }

    /// Minimises the objective at each width in ascending order. The first width starts from small
    /// Gaussian factors (seeded) and the bias at the log of the weighted marginal; each later width
    /// starts from the previous minimum with new columns of scale 1e-2, so the ladder's losses fall
    /// monotonically up to the solver's tolerance and each width costs few iterations.
    public static func ladder(
        target: [Double], weights: [Double], classes: Int, widths: [Int], seed: UInt64,
        options: LBFGS.Options = LBFGS.Options(maxIterations: 600, relativeDecreaseTolerance: 1e-11),
        onPoint: (Point) -> Void = { _ in }
    ) -> [Point] {
        let c = weights.count, v = classes
        var rng = Xoshiro256(seed: seed, stream: 71)
        let marginal = LogBilinearPopulationLoss.marginal(target: target, weights: weights, classes: v)
        let total = marginal.reduce(0, +)
        let bias = marginal.map { log(max($0 / total, 1e-12)) }
        var previous: (width: Int, x: [Double])? = nil
        var points: [Point] = []
        for d in widths.sorted() {
            let objective = LogBilinearPopulationLoss(target: target, weights: weights, classes: v, width: d)
            var x = [Double](repeating: 0, count: objective.parameterCount)
            for r in 0..<(c + v) {
                for k in 0..<d {
                    if let p = previous, k < p.width {
                        x[r * d + k] = p.x[r * p.width + k]
                    } else {
                        x[r * d + k] = (previous == nil ? 0.1 : 0.01) * rng.nextGaussian()
                    }
                }
            }
            for y in 0..<v { x[(c + v) * d + y] = previous.map { $0.x[(c + v) * $0.width + y] } ?? bias[y] }
            let scales = objective.scales
            let scaled = LBFGS(options: options).minimize(from: zip(x, scales).map { $0 / $1 }) {
                objective.evaluate(scaled: $0, scales: scales)
            }
            let result = (x: zip(scaled.x, scales).map { $0 * $1 }, value: scaled.value, iterations: scaled.iterations, converged: scaled.converged)
            let point = Point(width: d, loss: result.value, excess: result.value - objective.floor,
                              iterations: result.iterations, converged: result.converged)
            onPoint(point)
            points.append(point)
            previous = (d, result.x)
        }
        return points
    }

    /// The Hessian's largest eigenvalue at `x` (in the raw parameters, the coordinates SGD steps),
    /// by power iteration on Hessian-vector products, each a central difference of two gradients
    /// (step 1e-4 along a unit vector). Returns it with the relative residual ‖Hv − λv‖/|λ| of the
    /// last vector, which says whether the iteration converged. Full-batch descent at rate η is
    /// stable near `x` only while η·λ < 2. Note that λ depends on the factorisation: E·A, W·A⁻ᵀ gives
    /// the same loss and another λ, so measure it at the parameters a run actually has.
    public static func sharpness(
        of objective: LogBilinearPopulationLoss, at x: [Double], iterations: Int = 60, seed: UInt64 = 1
    ) -> (value: Double, residual: Double) {
        var rng = Xoshiro256(seed: seed, stream: 73)
        func normalised(_ u: [Double]) -> [Double] {
            let s = u.reduce(0) { $0 + $1 * $1 }.squareRoot()
            return s > 0 ? u.map { $0 / s } : u
        }
        func hessianTimes(_ u: [Double]) -> [Double] {
            let h = 1e-4
            let plus = objective.evaluate(zip(x, u).map { $0 + h * $1 }).gradient
            let minus = objective.evaluate(zip(x, u).map { $0 - h * $1 }).gradient
            return zip(plus, minus).map { ($0 - $1) / (2 * h) }
        }
        var v = normalised(x.map { _ in rng.nextGaussian() })
        var lambda = 0.0, residual = Double.infinity
        for _ in 0..<max(iterations, 1) {
            let hv = hessianTimes(v)
            lambda = zip(v, hv).reduce(0) { $0 + $1.0 * $1.1 }
            let r = zip(hv, v).reduce(0.0) { $0 + ($1.0 - lambda * $1.1) * ($1.0 - lambda * $1.1) }
            residual = r.squareRoot() / max(abs(lambda), 1e-300)
            v = normalised(hv)
        }
        return (lambda, residual)
    }

    /// Local exponents `−Δ ln(excess) / Δ ln d` between neighbouring points (one fewer than points);
    /// nil where an excess is not positive.
    public static func localExponents(_ points: [Point]) -> [Double?] {
        zip(points, points.dropFirst()).map { a, b in
            guard a.excess > 0, b.excess > 0, b.width > a.width else { return nil }
            return -log(b.excess / a.excess) / log(Double(b.width) / Double(a.width))
        }
    }
}
