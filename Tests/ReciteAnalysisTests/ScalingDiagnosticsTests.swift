// The checks that a scaling fit is supported by its runs, each on data built to pass and to fail:
// a planted law recovered over 8 budgets and 3 decades (E included), a hand-made spiking curve, a
// planted N_opt that bends, and the parabola bias on symmetric and asymmetric profiles.
import Foundation
import ReciteCore
import Testing
@testable import ReciteAnalysis

@Suite struct ScalingDiagnosticsTests {
    static let truth = Synthetic.chinchilla

    /// 8 budgets log-spaced over 3 decades; at each, 7 sizes over ±0.5 decades of the true optimum
    /// (the sizes span 10^(1.5·a·… ) ≈ 400× in all); 5 log-spaced checkpoints per run.
    static func wideSpan(sigma: Double = 0.003, seed: UInt64 = 11, optimum: ((Double) -> Double)? = nil,
                         rise: (run: Int, by: Double)? = nil) -> [ScalingObservation] {
        var rng = Xoshiro256(seed: seed, stream: 3)
        var out: [ScalingObservation] = []
        var index = 0
        for c in Synthetic.logSpaced(1e18, 1e21, 8) {
            let centre = optimum?(c) ?? truth.law.extrapolate(toBudget: c).parameters
            for n in Synthetic.logSpaced(centre / pow(10, 0.5), centre * pow(10, 0.5), 7) {
                let d = c / (6 * n)
                for k in 0..<5 {
                    let dk = d * pow(2, Double(k - 4))
                    var l: Double
                    if let optimum {
                        // A profile that is a parabola in ln N around the planted optimum, falling with C.
                        let x = log(n / optimum(c))
                        l = 2 + 40 / pow(c, 0.05) + 0.05 * x * x + 0.3 * (4 - Double(k)) / 4
                    } else {
                        l = truth(parameters: n, tokens: dk)
                    }
                    l = Synthetic.noisy(l, sigma: sigma, &rng)
                    if let rise, rise.run == index, k == 3 { l += rise.by }
                    out.append(ScalingObservation(run: "r\(index)", world: "web", parameters: n, budget: c, tokens: dk,
                                                  loss: l, entropyFloor: truth.E))
                }
                index += 1
            }
        }
        return out
    }

    static var quick: ScalingOptions {
        var o = ScalingOptions()
        o.bootstrap = BootstrapOptions(replicates: 100, seed: 2)
        o.parametric.grid = .coarse
        return o
    }

    @Test func plantedLawRecoveredOverThreeDecades() throws {
        let obs = Self.wideSpan()
        let sizes = obs.map(\.parameters)
        #expect(sizes.max()! / sizes.min()! > 300, "the planted ladder spans \(sizes.max()! / sizes.min()!)×")
        let w = try ScalingAnalysis.analyse(world: "web", obs, options: Self.quick)
        let s = try #require(w.surface)
        let e = try #require(s.E.estimate), alpha = try #require(s.alpha.estimate), beta = try #require(s.beta.estimate)
        print(String(format: "E = %.3f (true %.3f), α = %.3f (%.3f), β = %.3f (%.3f)", e, Self.truth.E, alpha, Self.truth.alpha, beta, Self.truth.beta))
        #expect(abs(e - Self.truth.E) < 0.05)
        #expect(abs(alpha - Self.truth.alpha) < 0.05)
        #expect(abs(beta - Self.truth.beta) < 0.05)
        for ap in w.approaches {
            let a = try #require(ap.a.estimate)
            print(String(format: "approach %d: a = %.3f (true %.3f)", ap.approach, a, Self.truth.a))
            #expect(abs(a - Self.truth.a) < 0.05)
            // The extrapolated optimum has an interval, and it holds the truth.
            let n = try #require(ap.optimalParametersInterval)
            let nTrue = Self.truth.law.extrapolate(toBudget: w.extrapolationBudget6ND).parameters
            #expect(n.lower! <= n.upper!)
            #expect(abs(log(n.estimate! / nTrue)) < log(2), "approach \(ap.approach): N_opt \(n.estimate!) vs \(nTrue)")
        }
        let slopes = try #require(w.slopes)
        #expect(slopes.consistent && slopes.lowerBudgets.count == 4 && slopes.upperBudgets.count == 4)
        #expect(w.extrapolationWithheld == nil)
        let claims = ScalingClaims.world(w, figure: "isoflop")
        for c in claims { #expect(c.passed, "\(c.claim): \(c.measured)") }
        #expect(claims.contains { $0.claim.contains("entropy floor") })
        #expect(!claims.contains { $0.claim.contains("a + b") })
    }

    @Test func floorClaimFailsWhenEIsFarFromTheFloor() throws {
        var w = try ScalingAnalysis.analyse(world: "web", Self.wideSpan(), options: Self.quick)
        w.entropyFloor = Self.truth.E + 0.3
        let c = try #require(ScalingClaims.laws(w, figure: "compute-optimal").first { $0.claim.contains("entropy floor") })
        #expect(!c.passed, "\(c.measured)")
    }

    @Test func spikeClaimOnHandMadeCurves() {
        func curve(_ losses: [Double], run: String = "x") -> [ScalingObservation] {
            losses.enumerated().map { k, l in
                ScalingObservation(run: run, world: "web", parameters: 1e4, budget: 1e9, tokens: 1000 * pow(2, Double(k)), loss: l, entropyFloor: 3)
            }
        }
        let smooth = curve([6, 5, 4.6, 4.4, 4.3]) + curve([6, 5.5, 5.2, 5.0, 4.9], run: "y")
        #expect(ScalingClaims.spikeClaim(ScalingAnalysis.spikes(smooth), figure: "isoflop", world: "web").passed)
        // A rise of 0.04 is within the tolerance; 0.08 is a spike.
        #expect(ScalingClaims.spikeClaim(ScalingAnalysis.spikes(smooth + curve([6, 5, 4.5, 4.54, 4.3], run: "z")), figure: "isoflop", world: "web").passed)
        let spiking = smooth + curve([6, 5, 4.5, 4.58, 4.3], run: "z")
        let s = ScalingAnalysis.spikes(spiking)
        #expect(s.spiking == 1 && s.runs == 3 && abs(s.worstRise - 0.08) < 1e-9)
        #expect(!ScalingClaims.spikeClaim(s, figure: "isoflop", world: "web").passed)
        // A rise inside the warmup (before the counted share of the run) is not counted.
        let early = curve([6, 6.5, 5.0, 4.6, 4.4])
        #expect(ScalingAnalysis.spikes(early, afterFraction: 0.1).spiking == 0)
        #expect(ScalingAnalysis.spikes(early, afterFraction: 0).spiking == 1)
        // And through the whole analysis: one planted run spikes.
        let w = try? ScalingAnalysis.analyse(world: "web", Self.wideSpan(rise: (run: 9, by: 0.6)), options: Self.quick)
        #expect(w?.spikes.spiking == 1)
    }

    @Test func slopeClaimFailsOnABentOptimum() throws {
        // N_opt ∝ C^0.6 up to 3e19, then C^0.2: local slopes 0.6 and 0.2.
        let knee = 3e19
        let bent: (Double) -> Double = { c in c <= knee ? 1e-5 * pow(c, 0.6) : 1e-5 * pow(knee, 0.6) * pow(c / knee, 0.2) }
        let w = try ScalingAnalysis.analyse(world: "web", Self.wideSpan(sigma: 0, optimum: bent), options: Self.quick)
        let s = try #require(w.slopes)
        print("bent: slopes \(s.lowerSlope ?? .nan), \(s.upperSlope ?? .nan)")
        #expect(!s.consistent)
        #expect(abs(s.lowerSlope! - 0.6) < 0.05 && abs(s.upperSlope! - 0.2) < 0.05)
        #expect(w.extrapolationWithheld != nil)
        #expect(w.approaches.allSatisfy { $0.optimalParameters == nil && $0.optimalParametersInterval == nil })
        #expect(ScalingClaims.laws(w, figure: "compute-optimal").contains { !$0.passed && $0.claim.contains("one slope") })
        // The same profiles around a straight N_opt ∝ C^0.5 pass.
        let straight = try ScalingAnalysis.analyse(world: "web", Self.wideSpan(sigma: 0, optimum: { 1e-5 * pow($0, 0.5) }), options: Self.quick)
        let t = try #require(straight.slopes)
        #expect(t.consistent && abs(t.lowerSlope! - 0.5) < 0.02 && abs(t.upperSlope! - 0.5) < 0.02)
        #expect(straight.extrapolationWithheld == nil)
    }

    @Test func parabolaBiasIsZeroOnSymmetricProfilesOnly() {
        func points(_ law: ParametricLoss) -> [IsoFLOPPoint] {
            Synthetic.logSpaced(1e18, 1e21, 8).flatMap { c -> [IsoFLOPPoint] in
                let centre = law.law.extrapolate(toBudget: c).parameters
                return Synthetic.logSpaced(centre / 10, centre * 10, 9).map {
                    IsoFLOPPoint(budget: c, parameters: $0, tokens: c / (6 * $0), loss: 0)
                }
            }
        }
        // α = β: each profile A·N^−α + B'·N^α is symmetric in ln N about the optimum.
        let symmetric = ParametricLoss(E: 1.5, A: 400, B: 400, alpha: 0.35, beta: 0.35)
        let s = ScalingAnalysis.parabolaBias(points: points(symmetric), law: symmetric, label: "symmetric")
        #expect(abs(s.biasA!) < 1e-6 && s.vertexRatios.allSatisfy { abs($0 - 1) < 1e-6 })
        // α ≠ β: the profile is steeper on one side and the vertex moves toward the flatter one.
        let skewed = ParametricLoss(E: 1.5, A: 400, B: 2000, alpha: 0.2, beta: 0.6)
        let k = ScalingAnalysis.parabolaBias(points: points(skewed), law: skewed, label: "skewed")
        print("skewed: bias \(k.biasA!), ratios \(k.vertexRatios)")
        #expect(k.vertexRatios.allSatisfy { abs(log($0)) > 0.05 })
        #expect(abs(k.trueA - 0.75) < 1e-12)
    }
}
