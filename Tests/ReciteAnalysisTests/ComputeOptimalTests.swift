import Foundation
import ReciteCore
import Testing
@testable import ReciteAnalysis

/// Approaches 1 and 2 on data from a known `L(N, D)` (true a ≈ 0.5126, b ≈ 0.4874).
@Suite struct ComputeOptimalTests {
    static let truth = Synthetic.chinchilla
    /// Approach 1: the envelope's N only takes ladder values (24 sizes over 2.5 decades, spacing
    /// 0.11 decades) across ~4 decades of C, so the slope is resolved to about ±0.02.
    static let envelopeTolerance = 0.02
    /// Approach 2 with 1% noise: 9 sizes per budget over ±0.6 decades, 8 budgets over 3 decades;
    /// the worst |Δa|, |Δb| over 20 seeds was 0.032.
    static let isoFLOPTolerance = 0.04
    /// Approach 1 with 0.5% noise: noise moves the envelope's argmin between neighbouring sizes;
    /// the worst |Δa| over 20 seeds was 0.045.
    static let envelopeNoisyTolerance = 0.06
    /// Exact isoFLOP data: a parabola in log N is only an approximation of the true profile, whose
    /// vertex is nevertheless close to the true optimum when the sweep is centred on it.
    static let isoFLOPExactTolerance = 0.005

    /// Curves of 24 model sizes from 3e7 to 1e10, each with checkpoints at D from 1e8 to 1e12.
    static func curves(sigma: Double, seed: UInt64) -> [TrainingCurve] {
        var rng = Xoshiro256(seed: seed, stream: 2)
        return Synthetic.logSpaced(3e7, 1e10, 24).map { n in
            let d = Synthetic.logSpaced(1e8, 1e12, 60)
            return TrainingCurve(parameters: n, flops: d.map { 6 * n * $0 },
                                 loss: d.map { Synthetic.noisy(truth(parameters: n, tokens: $0), sigma: sigma, &rng) })
        }
    }

    @Test func curveInterpolatesInLogFlops() {
        let curve = TrainingCurve(parameters: 1, flops: [100, 10], loss: [1, 3])
        #expect(curve.flops == [10, 100])
        #expect(abs(curve.loss(atFlops: pow(10, 1.5))! - 2) < 1e-12)
        #expect(curve.loss(atFlops: 5) == nil)
        #expect(curve.loss(atFlops: 100) == 1)
    }

    @Test func envelopeRecoversExponents() throws {
        let fit = try ComputeOptimal.envelope(curves: ComputeOptimalTests.curves(sigma: 0, seed: 1))
        let t = ComputeOptimalTests.truth
        print("approach 1 (exact curves): a = \(fit.a) (true \(t.a)), b = \(fit.b) (true \(t.b)), \(fit.points.count) envelope points, R² = \(fit.parametersFit.rSquared)")
        #expect(abs(fit.a - t.a) < ComputeOptimalTests.envelopeTolerance)
        #expect(abs(fit.b - t.b) < ComputeOptimalTests.envelopeTolerance)
        for p in fit.points { #expect(abs(6 * p.parameters * p.tokens / p.flops - 1) < 1e-12) }
    }

    @Test func envelopeRecoversExponentsWithNoise() throws {
        let fit = try ComputeOptimal.envelope(curves: ComputeOptimalTests.curves(sigma: 0.005, seed: 2))
        let t = ComputeOptimalTests.truth
        print("approach 1 (0.5% noise): a = \(fit.a), b = \(fit.b)")
        #expect(abs(fit.a - t.a) < ComputeOptimalTests.envelopeNoisyTolerance)
        #expect(abs(fit.b - t.b) < ComputeOptimalTests.envelopeNoisyTolerance)
    }

    static let budgets = Synthetic.logSpaced(1e18, 1e21, 8)

    @Test func isoFLOPRecoversExponentsFromExactData() throws {
        let fit = try IsoFLOPFit(points: Synthetic.isoFLOPPoints(budgets: ComputeOptimalTests.budgets, sigma: 0, seed: 3))
        let t = ComputeOptimalTests.truth
        print("approach 2 (exact): a = \(fit.a) (true \(t.a)), b = \(fit.b) (true \(t.b)), R² = \(fit.parametersFit.rSquared)")
        #expect(fit.rejected.isEmpty)
        #expect(abs(fit.a - t.a) < ComputeOptimalTests.isoFLOPExactTolerance)
        #expect(abs(fit.b - t.b) < ComputeOptimalTests.isoFLOPExactTolerance)
        // The annotation at 100× the largest budget matches the planted law's optimum.
        #expect(fit.largestBudget == ComputeOptimalTests.budgets.last!)
        let at = fit.extrapolate(toBudget: 100 * fit.largestBudget), trueAt = t.law.extrapolate(toBudget: at.budget)
        print("approach 2 (exact) at 100× largest budget: N = \(at.parameters) (true \(trueAt.parameters)), D = \(at.tokens) (true \(trueAt.tokens))")
        #expect(abs(at.parameters / trueAt.parameters - 1) < 0.02)
        #expect(abs(at.tokens / trueAt.tokens - 1) < 0.02)
    }

    @Test func isoFLOPRecoversExponentsWithNoise() throws {
        let fit = try IsoFLOPFit(points: Synthetic.isoFLOPPoints(budgets: ComputeOptimalTests.budgets, sigma: 0.01, seed: 4))
        let t = ComputeOptimalTests.truth
        let at = fit.extrapolate(toBudget: 100 * ComputeOptimalTests.budgets.last!)
        let trueAt = t.law.extrapolate(toBudget: at.budget)
        print("approach 2 (1% noise): a = \(fit.a), b = \(fit.b), rejected \(fit.rejected.count); at 100× largest budget N = \(at.parameters) (true \(trueAt.parameters)), D = \(at.tokens) (true \(trueAt.tokens))")
        #expect(abs(fit.a - t.a) < ComputeOptimalTests.isoFLOPTolerance)
        #expect(abs(fit.b - t.b) < ComputeOptimalTests.isoFLOPTolerance)
    }

    @Test func isoFLOPFlagsBadProfiles() throws {
        var points = Synthetic.isoFLOPPoints(budgets: [1e19, 1e20, 1e21], sigma: 0, seed: 5)
        // A budget whose sizes all lie far above the optimum: the vertex falls outside the sweep.
        let c = 3e19
        for n in Synthetic.logSpaced(3e10, 3e11, 5) {
            points.append(IsoFLOPPoint(budget: c, parameters: n, tokens: c / (6 * n), loss: ComputeOptimalTests.truth(parameters: n, tokens: c / (6 * n))))
        }
        // A budget whose losses bend the wrong way: the parabola opens downward.
        for (i, n) in Synthetic.logSpaced(1e8, 1e10, 5).enumerated() {
            points.append(IsoFLOPPoint(budget: 3e20, parameters: n, tokens: 3e20 / (6 * n), loss: 3 - 0.1 * Double((i - 2) * (i - 2))))
        }
        // Too few sizes.
        points.append(IsoFLOPPoint(budget: 5e21, parameters: 1e10, tokens: 1e11, loss: 2))
        let fit = try IsoFLOPFit(points: points)
        let status = Dictionary(uniqueKeysWithValues: fit.profiles.map { ($0.budget, $0.status) })
        #expect(status[3e19] == .minimumOutsideRange)
        #expect(status[3e20] == .opensDownward)
        #expect(status[5e21] == .tooFewPoints)
        #expect(fit.rejected.count == 3)
        #expect(abs(fit.a - ComputeOptimalTests.truth.a) < 0.02)
    }

    @Test func groupsBudgetsThatDifferByRounding() {
        let p = [IsoFLOPPoint(budget: 1e20, parameters: 1, tokens: 1, loss: 1),
                 IsoFLOPPoint(budget: 1e20 * (1 + 1e-12), parameters: 2, tokens: 1, loss: 1),
                 IsoFLOPPoint(budget: 2e20, parameters: 1, tokens: 1, loss: 1)]
        #expect(IsoFLOPFit.groupByBudget(p).map(\.count) == [2, 1])
    }

    @Test func approach3AllocationSatisfiesTheBudget() {
        let law = ComputeOptimalTests.truth.law
        let x = law.extrapolate(toBudget: 5.76e23)
        #expect(abs(6 * x.parameters * x.tokens / 5.76e23 - 1) < 1e-12)
        #expect(abs(law.a + law.b - 1) < 1e-12)
        // The optimum really minimises L along C = 6ND: nudging N either way raises the loss.
        let t = ComputeOptimalTests.truth
        let l0 = t(parameters: x.parameters, tokens: x.tokens)
        for f in [0.9, 1.1] {
            #expect(t(parameters: x.parameters * f, tokens: x.tokens / f) > l0)
        }
    }
}
