import Foundation
import ReciteCore
import Testing
@testable import ReciteAnalysis

/// Percentile bootstrap intervals: they cover the truth on clean(ish) data and repeat bit for bit.
@Suite struct BootstrapTests {
    static let options = BootstrapOptions(replicates: 100, level: 0.95, seed: 42)

    @Test func quantileInterpolatesBetweenOrderStatistics() {
        let v: [Double] = [1, 2, 3, 4, 5]
        #expect(Bootstrap.quantile(sorted: v, 0) == 1)
        #expect(Bootstrap.quantile(sorted: v, 1) == 5)
        #expect(Bootstrap.quantile(sorted: v, 0.5) == 3)
        #expect(Bootstrap.quantile(sorted: v, 0.125) == 1.5)
    }

    @Test func intervalDropsNonFiniteSamples() {
        let i = BootstrapInterval(estimate: 1, samples: [1, .nan, 2, 3], level: 0.5)
        #expect(i.replicates == 3 && i.failures == 1)
        #expect(i.lower == 1.5 && i.upper == 2.5)
        #expect(i.contains(2) && !i.contains(3))
    }

    @Test func envelopeIntervalsCoverTruthAndRepeat() throws {
        let fit = try ComputeOptimal.envelope(curves: ComputeOptimalTests.curves(sigma: 0, seed: 1))
        let first = fit.bootstrap(BootstrapTests.options), second = fit.bootstrap(BootstrapTests.options)
        let t = Synthetic.chinchilla
        print("approach 1 bootstrap: a ∈ [\(first.a.lower), \(first.a.upper)], b ∈ [\(first.b.lower), \(first.b.upper)], failures \(first.a.failures)")
        #expect(first == second)
        #expect(first.a.contains(t.a) && first.b.contains(t.b))
        #expect(first.a.upper - first.a.lower < 0.1)
    }

    @Test func isoFLOPIntervalsCoverTruthAndRepeat() throws {
        let fit = try IsoFLOPFit(points: Synthetic.isoFLOPPoints(budgets: ComputeOptimalTests.budgets, sigma: 0.002, seed: 31))
        let first = fit.bootstrap(BootstrapTests.options), second = fit.bootstrap(BootstrapTests.options)
        let other = fit.bootstrap(BootstrapOptions(replicates: 100, level: 0.95, seed: 43))
        let t = Synthetic.chinchilla
        print("approach 2 bootstrap (0.2% noise): a = \(fit.a) ∈ [\(first.a.lower), \(first.a.upper)], b ∈ [\(first.b.lower), \(first.b.upper)], failures \(first.a.failures)")
        #expect(first == second)
        #expect(first != other)
        #expect(first.a.contains(t.a) && first.b.contains(t.b))
        #expect(first.a.lower < fit.a && fit.a < first.a.upper)
    }

    @Test func parametricIntervalsCoverTruthAndRepeat() throws {
        let obs = ParametricLossFitTests.observations(sigma: 0.002, seed: 32)
        let fit = try ParametricLossFit(observations: obs, options: .init(grid: .coarse))
        let options = BootstrapOptions(replicates: 60, level: 0.95, seed: 7)
        let first = fit.bootstrap(options), second = fit.bootstrap(options)
        let t = Synthetic.chinchilla
        print("approach 3 bootstrap (0.2% noise): α ∈ [\(first.alpha.lower), \(first.alpha.upper)], β ∈ [\(first.beta.lower), \(first.beta.upper)], a ∈ [\(first.a.lower), \(first.a.upper)], b ∈ [\(first.b.lower), \(first.b.upper)], E ∈ [\(first.E.lower), \(first.E.upper)]")
        #expect(first == second)
        #expect(first.alpha.contains(t.alpha) && first.beta.contains(t.beta))
        #expect(first.a.contains(t.a) && first.b.contains(t.b))
        #expect(first.E.contains(t.E))
    }

    @Test func rStarIntervalCoversTruthAndRepeats() throws {
        let fit = try EffectiveDataFit(observations: EffectiveDataTests.observations(sigma: 0.002, seed: 33))
        let options = BootstrapOptions(replicates: 60, level: 0.95, seed: 9)
        let first = fit.bootstrapRStar(options), second = fit.bootstrapRStar(options)
        print("R* bootstrap (0.2% noise): R* = \(fit.rStar) ∈ [\(first.lower), \(first.upper)]")
        #expect(first == second)
        #expect(first.contains(EffectiveDataTests.truth.rStar))
    }
}
