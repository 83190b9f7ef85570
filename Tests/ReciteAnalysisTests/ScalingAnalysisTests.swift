// ScalingAnalysis on observations drawn from a planted law L(N, D): the three approaches recover
// its exponents, the isoFLOP claims pass on it and fail on a profile without an interior minimum,
// disagreements are reported only for disjoint intervals, and the result encodes to JSON.
import Foundation
import ReciteCore
import Testing
@testable import ReciteAnalysis

@Suite struct ScalingAnalysisTests {
    /// The planted law (true a ≈ 0.5126).
    static let truth = Synthetic.chinchilla
    /// 11 sizes per budget over ±0.75 decades, 4 budgets 1:10:60:100, 0.3% noise, 5 checkpoints
    /// per run; the ladder's spacing (0.15 decades over 2 decades of C) bounds approach 1 to about
    /// ±0.08 and the parabola's asymmetry approach 2 to about ±0.05.
    static let tolerance = 0.1

    /// Runs of an isoFLOP grid on the planted law: every run has 5 log-spaced checkpoints.
    static func observations(world: String = "web", sigma: Double = 0.003, seed: UInt64 = 5, flat: Bool = false) -> [ScalingObservation] {
        var rng = Xoshiro256(seed: seed, stream: 9)
        var out: [ScalingObservation] = []
        for c in [1e19, 1e20, 6e20, 1e21] {
            let centre = truth.law.extrapolate(toBudget: c).parameters
            for (i, n) in Synthetic.logSpaced(centre / 5.6, centre * 5.6, 11).enumerated() {
                let d = c / (6 * n)
                for k in 0..<5 {
                    let dk = d * pow(2, Double(k - 4))
                    let l = flat ? 3 - 0.01 * Double(i) - 0.1 * log10(c) : Synthetic.noisy(truth(parameters: n, tokens: dk), sigma: sigma, &rng)
                    out.append(ScalingObservation(run: "\(world)-\(c)-\(i)", world: world, parameters: n, budget: c, tokens: dk,
                                                  loss: l, entropyFloor: truth.E))
                }
            }
        }
        return out
    }

    static var quick: ScalingOptions {
        var o = ScalingOptions()
        o.bootstrap = BootstrapOptions(replicates: 40, seed: 1)
        o.parametric.grid = .coarse
        return o
    }

    @Test func finalObservationsKeepTheLastCheckpointOfEachRun() {
        let obs = Self.observations()
        let finals = ScalingAnalysis.finalObservations(obs)
        #expect(finals.count == 44)
        #expect(finals.allSatisfy { f in obs.filter { $0.run == f.run }.allSatisfy { $0.tokens <= f.tokens } })
        #expect(ScalingAnalysis.profileGroups(finals).map(\.count) == [11, 11, 11, 11])
    }

    @Test func threeApproachesRecoverThePlantedExponents() throws {
        let w = try ScalingAnalysis.analyse(world: "web", Self.observations(), options: Self.quick)
        #expect(w.approaches.map(\.approach) == [1, 2, 3])
        for ap in w.approaches {
            #expect(ap.error == nil)
            let a = try #require(ap.a.estimate)
            print(String(format: "approach %d: a = %.3f (true %.3f), |Δ| = %.3f", ap.approach, a, Self.truth.a, abs(a - Self.truth.a)))
            #expect(abs(a - Self.truth.a) < Self.tolerance)
            #expect(ap.a.lower! <= ap.a.upper!)
        }
        // Compute is counted as 6·N·D: the planted runs have D = C/(6N) exactly, so the ratio is 1.
        #expect(abs(w.computeRatio - 1) < 1e-9)
        #expect(abs(w.extrapolationBudget6ND / 1e23 - 1) < 1e-9)
        let n3 = try #require(w.approaches[2].optimalParameters)
        let nTrue = Self.truth.law.extrapolate(toBudget: 1e23).parameters
        #expect(abs(log(n3 / nTrue)) < log(1.5), "approach 3's N_opt at 1e23 is \(n3), truth \(nTrue)")
        let claims = ScalingClaims.world(w, figure: "isoflop")
        for c in claims { #expect(c.passed, "\(c.claim): \(c.measured)") }
        let json = try JSONEncoder().encode(w)
        #expect(try JSONDecoder().decode(WorldScaling.self, from: json) == w)
    }

    @Test func claimsFailWithoutAnInteriorMinimum() throws {
        // Loss falls monotonically with N at every budget: the best size is always the largest.
        let w = try ScalingAnalysis.analyse(world: "web", Self.observations(flat: true), options: Self.quick)
        let claims = ScalingClaims.world(w, figure: "isoflop")
        #expect(claims.contains { !$0.passed && $0.claim.contains("interior minimum") })
        #expect(claims.contains { !$0.passed && $0.claim.contains("N grows") })
    }

    @Test func codeBelowWebComparesBestLossPerBudget() throws {
        let web = try ScalingAnalysis.analyse(world: "web", Self.observations(world: "web"), options: Self.quick)
        var code = web
        code.world = "code"
        code.profiles = web.profiles.map { var p = $0; p.bestLoss -= 1; return p }
        #expect(ScalingClaims.codeBelowWeb([web, code], figure: "isoflop")?.passed == true)
        code.profiles[2].bestLoss = web.profiles[2].bestLoss + 0.01
        let failed = try #require(ScalingClaims.codeBelowWeb([web, code], figure: "isoflop"))
        #expect(!failed.passed)
        #expect(ScalingClaims.codeBelowWeb([web], figure: "isoflop") == nil)
    }

    @Test func disagreementsNeedDisjointIntervals() {
        func ap(_ n: Int, _ lo: Double, _ hi: Double) -> ApproachSummary {
            let i = IntervalSummary(BootstrapInterval(estimate: (lo + hi) / 2, samples: [lo, hi], level: 1))
            return ApproachSummary(approach: n, name: "", a: i, b: i, rSquaredN: nil, rSquaredD: nil,
                                   optimalParameters: nil, optimalTokens: nil, error: nil)
        }
        #expect(ScalingAnalysis.disagreements([ap(1, 0.4, 0.5), ap(2, 0.45, 0.6)]).isEmpty)
        let d = ScalingAnalysis.disagreements([ap(1, 0.4, 0.5), ap(2, 0.45, 0.6), ap(3, 0.55, 0.7)])
        #expect(d.count == 2)  // a and b of approaches 1 vs 3
        #expect(d[0].hasPrefix("a: approach 1 0.450 [0.400, 0.500] vs approach 3 0.625 [0.550, 0.700]"))
    }
}
