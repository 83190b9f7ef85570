#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// The training-time recurrence count of the recurrent-depth model (Geiping et al. 2025):
//   λ ~ LogNormal(μ = log r̄ − σ²/2, σ)   so E[λ] = r̄,
//   r = Poisson(λ) + 1                    so r ≥ 1.
// Moments, by the laws of total expectation and variance:
//   E[r]   = r̄ + 1
//   Var[r] = E[Var(r|λ)] + Var(E[r|λ]) = E[λ] + Var(λ) = r̄ + r̄²·(e^{σ²} − 1).

/// Draws recurrence counts for training steps.
public struct RecurrenceSampler: Sendable {
    public let meanRate: Double
    public let sigma: Double

    public init(meanRate: Double, sigma: Double) {
        precondition(meanRate > 0 && sigma >= 0, "RecurrenceSampler needs r̄ > 0 and σ ≥ 0")
        self.meanRate = meanRate; self.sigma = sigma
    }

    public init(spec: RecurrentSpec) { self.init(meanRate: spec.meanRecurrence, sigma: spec.recurrenceSigma) }

    /// `E[r] = r̄ + 1`.
    public var mean: Double { meanRate + 1 }
    /// `Var[r] = r̄ + r̄²·(e^{σ²} − 1)`.
    public var variance: Double { meanRate + meanRate * meanRate * (exp(sigma * sigma) - 1) }

    /// One draw of λ, then of `r = Poisson(λ) + 1`.
    public func next(_ rng: inout Xoshiro256) -> Int {
        let mu = log(meanRate) - sigma * sigma / 2
        let lambda = exp(mu + sigma * rng.nextGaussian())
        return RecurrenceSampler.poisson(lambda, &rng) + 1
    }

    /// `E[min(k, r)]`, estimated on a fixed stream (for FLOP accounting only; 20,000 draws).
    public func meanTruncated(_ k: Int) -> Double {
        var rng = Xoshiro256(seed: 0x5EC0, stream: 1)
        var total = 0.0
        let n = 20_000
        for _ in 0..<n { total += Double(min(k, next(&rng))) }
        return total / Double(n)
    }

    /// An exact Poisson(λ) draw: the sum of Poisson draws of rate ≤ 8 (each by Knuth's product of
    /// uniforms, exact, and safe from underflow since e^{−8} ≫ the smallest Double). Cost O(λ), one
    /// draw per training step, so speed does not matter here.
    static func poisson(_ lambda: Double, _ rng: inout Xoshiro256) -> Int {
        var remaining = lambda, count = 0
        while remaining > 0 {
            let piece = min(remaining, 8)
            remaining -= piece
            let limit = exp(-piece)
            var p = rng.nextDouble()
            while p > limit { count += 1; p *= rng.nextDouble() }
        }
        return count
    }
}
