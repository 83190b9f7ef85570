import Foundation
import ReciteCore
import Testing
@testable import ReciteAnalysis

/// The effective-data law and its fit.
@Suite struct EffectiveDataTests {
    /// The planted law: E = 1.9, B = 300, β = 0.3, R* = 15.
    static let truth = (E: 1.9, B: 300.0, beta: 0.3, rStar: 15.0)
    /// Gradient check tolerance, normwise relative (as for approach 3).
    static let gradientTolerance = 1e-6
    /// R* from 1% multiplicative noise on 4 unique-token sizes × 9 recitation counts (1…128): R* is
    /// set by the bend of loss in R near R ≈ R*. Worst errors over 20 seeds: R* 11%, E 5.2%, β 0.020.
    static let rStarRelative = 0.15, eRelative = 0.08, betaTolerance = 0.04
    static let noise = 0.01

    static func observations(sigma: Double, seed: UInt64) -> [RepeatedDataObservation] {
        var rng = Xoshiro256(seed: seed, stream: 3)
        let t = truth
        var out: [RepeatedDataObservation] = []
        for u in [1e6, 4e6, 1.6e7, 6.4e7] {
            for r in [1.0, 2, 4, 8, 16, 32, 48, 64, 128] {
                let d = EffectiveData.tokens(unique: u, recitations: r, rStar: t.rStar)
                out.append(RepeatedDataObservation(uniqueTokens: u, recitations: r,
                                                   loss: Synthetic.noisy(t.E + t.B * pow(d, -t.beta), sigma: sigma, &rng)))
            }
        }
        return out
    }

    @Test func effectiveTokensLimits() {
        #expect(EffectiveData.tokens(unique: 1e6, recitations: 1, rStar: 15) == 1e6)
        // Few repeats are worth nearly as much as new data: R = 2 gives D′ ≈ 2U·(1 − 1/(2R*)).
        let two = EffectiveData.tokens(unique: 1, recitations: 2, rStar: 15)
        #expect(two > 1.96 && two < 2)
        // Many repeats saturate at U·(1 + R*).
        #expect(abs(EffectiveData.tokens(unique: 1, recitations: 1e6, rStar: 15) - 16) < 1e-9)
    }

    @Test func objectiveGradientMatchesFiniteDifferences() throws {
        let objective = try EffectiveDataObjective(observations: EffectiveDataTests.observations(sigma: 0.01, seed: 21))
        var worst = 0.0
        for theta: [Double] in [[log(1.9), log(300), log(0.3), log(15)], [0, 3, log(0.5), log(3)], [0.5, 8, log(0.2), log(60)]] {
            worst = max(worst, ParametricLossFitTests.maxRelativeGradientError(objective.valueAndGradient, at: theta))
        }
        print("effective-data objective: max relative gradient error vs central differences = \(worst)")
        #expect(worst < EffectiveDataTests.gradientTolerance)
        // With a floor E₀ (θ₀ = ln(E − E₀)).
        let bounded = try EffectiveDataObjective(observations: EffectiveDataTests.observations(sigma: 0.01, seed: 21), floor: 1.5)
        var worstBounded = 0.0
        for theta: [Double] in [[log(0.4), log(300), log(0.3), log(15)], [-2, 3, log(0.5), log(3)]] {
            worstBounded = max(worstBounded, ParametricLossFitTests.maxRelativeGradientError(bounded.valueAndGradient, at: theta))
        }
        #expect(worstBounded < EffectiveDataTests.gradientTolerance)
    }

    @Test func floorBoundsE() throws {
        // The planted E is 1.9: a floor below it changes little, one above it binds (E stays above).
        let obs = EffectiveDataTests.observations(sigma: EffectiveDataTests.noise, seed: 22)
        let loose = try EffectiveDataFit(observations: obs, floor: 1.5)
        #expect(loose.E > 1.5 && abs(loose.E / EffectiveDataTests.truth.E - 1) < EffectiveDataTests.eRelative)
        #expect(abs(loose.rStar / EffectiveDataTests.truth.rStar - 1) < EffectiveDataTests.rStarRelative)
        let tight = try EffectiveDataFit(observations: obs, floor: 2.1)
        #expect(tight.E > 2.1)
        #expect(tight.objective > loose.objective)
    }

    @Test func recoversRStar() throws {
        let fit = try EffectiveDataFit(observations: EffectiveDataTests.observations(sigma: EffectiveDataTests.noise, seed: 22))
        let t = EffectiveDataTests.truth
        print("effective data (\(EffectiveDataTests.noise * 100)% noise): R* = \(fit.rStar) (true \(t.rStar)), E = \(fit.E), B = \(fit.B), β = \(fit.beta), \(fit.best.termination)")
        #expect(abs(fit.rStar / t.rStar - 1) < EffectiveDataTests.rStarRelative)
        #expect(abs(fit.E / t.E - 1) < EffectiveDataTests.eRelative)
        #expect(abs(fit.beta - t.beta) < EffectiveDataTests.betaTolerance)
    }

    @Test func recoversRStarFromExactData() throws {
        let fit = try EffectiveDataFit(observations: EffectiveDataTests.observations(sigma: 0, seed: 23))
        print("effective data (exact): R* = \(fit.rStar), E = \(fit.E), B = \(fit.B), β = \(fit.beta)")
        #expect(abs(fit.rStar / EffectiveDataTests.truth.rStar - 1) < 0.01)
        #expect(abs(fit.loss(uniqueTokens: 1e6, recitations: 8) / (1.9 + 300 * pow(EffectiveData.tokens(unique: 1e6, recitations: 8, rStar: 15), -0.3)) - 1) < 1e-4)
    }
}
