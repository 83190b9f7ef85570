// The approach-3 objective: a summed Huber loss of log-sum-exp predictions against log losses.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Huber's loss and its derivative.
public enum Huber {
    /// `r²/2` for `|r| ≤ δ`, `δ·(|r| − δ/2)` beyond: quadratic near zero, linear in the tails, so a
    /// few outlying runs pull the fit with bounded force.
    @inline(__always) public static func loss(_ r: Double, delta: Double) -> Double {
        let a = abs(r)
        return a <= delta ? 0.5 * r * r : delta * (a - 0.5 * delta)
    }

    /// `ψ(r) = dHuber/dr`: `r` inside `[−δ, δ]`, `±δ` outside (continuous, so the objective is C¹).
    @inline(__always) public static func derivative(_ r: Double, delta: Double) -> Double {
        r > delta ? delta : (r < -delta ? -delta : r)
    }
}

/// `Σᵢ Huber_δ(LSE(a − α·ln Nᵢ, b − β·ln Dᵢ, e) − ln Lᵢ)` over parameters `θ = (a, b, e, α, β)`.
///
/// With a known lower bound `E₀ > 0` of the irreducible loss (`floor`: a world's exact entropy rate,
/// which no model's held-out loss can go below), a fourth, constant term `ln E₀` joins the LSE, so
/// `E = E₀ + eᵉ > E₀`; the gradient keeps its form (the constant term has no parameter).
///
/// Since `exp(LSE(u₁, u₂, u₃)) = A/N^α + B/D^β + E` with `A = eᵃ, B = eᵇ, E = eᵉ`, this is the
/// Hoffmann et al. (2022) fit of `L(N, D)` in log space. The sum (not the mean, per Besiroglu et al.
/// 2024) keeps the objective's scale in proportion to the data, so the minimiser does not stop
/// while the fit is still moving. LSE is computed as `m + ln Σ exp(uⱼ − m)` with `m = max uⱼ`, so
/// the grid's extreme starts (`a = 25`) neither overflow nor lose the small terms.
///
/// Gradient: with softmax weights `wⱼ = exp(uⱼ − LSE)` and `ψ = Huber′(rᵢ)`,
/// `∂/∂a = Σ ψ·w₁`, `∂/∂α = −Σ ψ·w₁·ln N`, `∂/∂b = Σ ψ·w₂`, `∂/∂β = −Σ ψ·w₂·ln D`, `∂/∂e = Σ ψ·w₃`.
public struct HuberLSEObjective: Sendable {
    /// `ln N`, `ln D`, `ln L` per observation.
    public let logN: [Double], logD: [Double], logL: [Double]
    /// Huber threshold δ (1e-3 in Hoffmann et al.).
    public let delta: Double
    /// Lower bound `E₀` of `E` (0: none).
    public let floor: Double
    /// `ln E₀`, or −∞ without a floor (its term then adds exactly 0).
    let logFloor: Double

    public init(logN: [Double], logD: [Double], logL: [Double], delta: Double = 1e-3, floor: Double = 0) {
        self.logN = logN
        self.logD = logD
        self.logL = logL
        self.delta = delta
        self.floor = floor
        self.logFloor = floor > 0 ? log(floor) : -Double.infinity
    }

    /// Parameter order in `θ`.
    public enum Index { public static let a = 0, b = 1, e = 2, alpha = 3, beta = 4 }

    /// The objective alone.
    public func value(_ theta: [Double]) -> Double {
        var total = 0.0
        for i in logL.indices {
            let u1 = theta[0] - theta[3] * logN[i], u2 = theta[1] - theta[4] * logD[i], u3 = theta[2]
            let m = max(max(u1, u2), max(u3, logFloor))
            let lse = m + log(exp(u1 - m) + exp(u2 - m) + exp(u3 - m) + exp(logFloor - m))
            total += Huber.loss(lse - logL[i], delta: delta)
        }
        return total
    }

    /// The objective and its analytic gradient.
    public func valueAndGradient(_ theta: [Double]) -> (value: Double, gradient: [Double]) {
        var total = 0.0
        var ga = 0.0, gb = 0.0, ge = 0.0, gAlpha = 0.0, gBeta = 0.0
        for i in logL.indices {
            let u1 = theta[0] - theta[3] * logN[i], u2 = theta[1] - theta[4] * logD[i], u3 = theta[2]
            let m = max(max(u1, u2), max(u3, logFloor))
            let e1 = exp(u1 - m), e2 = exp(u2 - m), e3 = exp(u3 - m)
            let sum = e1 + e2 + e3 + exp(logFloor - m)
            let r = m + log(sum) - logL[i]
            total += Huber.loss(r, delta: delta)
            let psi = Huber.derivative(r, delta: delta) / sum
            let w1 = psi * e1, w2 = psi * e2
            ga += w1; gb += w2; ge += psi * e3
            gAlpha -= w1 * logN[i]; gBeta -= w2 * logD[i]
        }
        return (total, [ga, gb, ge, gAlpha, gBeta])
    }
}
