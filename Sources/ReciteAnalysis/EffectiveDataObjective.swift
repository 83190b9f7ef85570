// The effective-data objective and its analytic gradient.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `Σᵢ Huber_δ(ln P(Uᵢ, Rᵢ) − ln Lᵢ)` with `P = E + B·D′^(−β)` over `θ = (ln(E − E₀), ln B, ln β, ln R*)`.
///
/// `E₀` (`floor`, default 0) is a known lower bound of the irreducible loss: a world's exact
/// entropy rate, which no model's held-out loss can go below. With it, `E = E₀ + e^θ₀ > E₀`.
///
/// Gradient, with `T = B·D′^(−β)`, `x = R − 1`, `q = exp(−x/R*)`, `ψ = Huber′(r)`:
/// `∂P/∂θ₀ = E − E₀`, `∂P/∂ln B = T`, `∂P/∂ln β = −β·ln D′·T`,
/// `∂P/∂ln R* = −β·T/D′ · R*·∂D′/∂R*` with `∂D′/∂R* = U·((1 − q) − q·x/R*)`;
/// each term of `∇` is `ψ·(∂P/∂θ)/P`.
public struct EffectiveDataObjective: Sendable {
    public let unique: [Double], repeats: [Double], logL: [Double]
    public let delta: Double
    /// Lower bound `E₀` of `E`.
    public let floor: Double

    public init(observations: [RepeatedDataObservation], delta: Double = 1e-3, floor: Double = 0) throws {
        for o in observations where !(o.uniqueTokens > 0 && o.recitations >= 1 && o.loss > 0) {
            throw AnalysisError.invalidInput(fit: "effective data", detail: "need U > 0, R ≥ 1 and loss > 0, found \(o)")
        }
        guard observations.count >= 4 else {
            throw AnalysisError.tooFewPoints(fit: "effective data", needed: 4, found: observations.count)
        }
        self.unique = observations.map(\.uniqueTokens)
        self.repeats = observations.map { $0.recitations - 1 }
        self.logL = observations.map { log($0.loss) }
        self.delta = delta
        self.floor = floor
    }

    public func valueAndGradient(_ theta: [Double]) -> (value: Double, gradient: [Double]) {
        let excess = exp(theta[0]), e = floor + excess, b = exp(theta[1]), beta = exp(theta[2]), rStar = exp(theta[3])
        var total = 0.0
        var g = [0.0, 0.0, 0.0, 0.0]
        for i in logL.indices {
            let u = unique[i], x = repeats[i]
            let q = exp(-x / rStar)
            let dPrime = u + u * rStar * (-expm1(-x / rStar))
            let t = b * pow(dPrime, -beta)
            let p = e + t
            let r = log(p) - logL[i]
            total += Huber.loss(r, delta: delta)
            let w = Huber.derivative(r, delta: delta) / p
            let dDdR = u * ((-expm1(-x / rStar)) - q * x / rStar)
            g[0] += w * excess
            g[1] += w * t
            g[2] += w * (-beta * log(dPrime) * t)
            g[3] += w * (-beta * t / dPrime * rStar * dDdR)
        }
        return (total, g)
    }
}
