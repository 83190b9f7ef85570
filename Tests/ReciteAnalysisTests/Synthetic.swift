// Synthetic data drawn from known laws, shared by the recovery tests.
import Foundation
import ReciteCore
@testable import ReciteAnalysis

enum Synthetic {
    /// Hoffmann et al.'s fitted constants (Besiroglu et al.'s replication is close): the truth the
    /// recovery tests plant. a = β/(α+β) ≈ 0.5126, b ≈ 0.4874.
    static let chinchilla = ParametricLoss(E: 1.82, A: 482, B: 2085, alpha: 0.348, beta: 0.366)

    /// `value·exp(σ·z)`: multiplicative noise of relative size σ.
    static func noisy(_ value: Double, sigma: Double, _ rng: inout Xoshiro256) -> Double {
        sigma == 0 ? value : value * exp(sigma * rng.nextGaussian())
    }

    /// `count` log-spaced values from `lo` to `hi`.
    static func logSpaced(_ lo: Double, _ hi: Double, _ count: Int) -> [Double] {
        (0..<count).map { exp(log(lo) + (log(hi) - log(lo)) * Double($0) / Double(count - 1)) }
    }

    /// IsoFLOP profiles: at each budget, `sizes` model sizes log-spaced over ±`halfWidth` decades
    /// around the true optimum, `D = C/(6N)`, loss from `law` with noise σ.
    static func isoFLOPPoints(
        law: ParametricLoss = chinchilla, budgets: [Double], sizes: Int = 9, halfWidth: Double = 0.6,
        sigma: Double, seed: UInt64
    ) -> [IsoFLOPPoint] {
        var rng = Xoshiro256(seed: seed, stream: 1)
        var points: [IsoFLOPPoint] = []
        for c in budgets {
            let centre = law.law.extrapolate(toBudget: c).parameters
            for n in logSpaced(centre * pow(10, -halfWidth), centre * pow(10, halfWidth), sizes) {
                let d = c / (6 * n)
                points.append(IsoFLOPPoint(budget: c, parameters: n, tokens: d,
                                           loss: noisy(law(parameters: n, tokens: d), sigma: sigma, &rng)))
            }
        }
        return points
    }
}
