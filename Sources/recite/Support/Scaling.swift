// The scaling-law figures' analysis from result rows: fits (approaches 1-3) and claims.
import Foundation
import ReciteAnalysis
import ReciteLab
import Synchronization

enum Scaling {
    /// Scaling observations of `eval` from finished rows (every checkpoint: approach 1 uses the curves).
    static func observations(_ rows: [ResultRow], eval: String = "loss") -> [ScalingObservation] {
        rows.filter { $0.eval == eval && $0.status == "ok" && $0.value.isFinite }.map {
            ScalingObservation(run: $0.run, world: $0.world, parameters: Double($0.params), budget: $0.budgetFlops,
                               tokens: Double($0.tokensTrained), loss: $0.value, entropyFloor: $0.entropyFloor)
        }
    }

    /// The last default-options analysis and the rows it was computed from: the claims and both
    /// figures of one isoFLOP result ask for the same fit (bootstrap + multi-start L-BFGS, seconds).
    private static let lastAnalysis = Mutex<(rows: [ResultRow], worlds: [WorldScaling])?>(nil)

    /// Approaches 1-3 per world, with bootstrap intervals (default options: computed once per rows).
    static func analyse(_ rows: [ResultRow]) throws -> [WorldScaling] {
        if let hit = lastAnalysis.withLock({ $0?.rows == rows ? $0?.worlds : nil }) { return hit }
        let worlds = try ScalingAnalysis.analyse(observations(rows), options: ScalingOptions())
        lastAnalysis.withLock { $0 = (rows, worlds) }
        return worlds
    }

    /// isoFLOP claims (profiles: interior minima, falling minima, growing N_opt, code below web) and
    /// compute-optimal claims (exponents and straightness), split by what they are about.
    static func claims(_ rows: [ResultRow]) -> (isoflop: [ShapeClaim], computeOptimal: [ShapeClaim]) {
        guard let worlds = try? analyse(rows) else {
            let fail = ShapeClaim(figure: "isoflop", claim: "the scaling fits run", measured: "no fit", expected: "fits", passed: false)
            return ([fail], [])
        }
        let profiles = worlds.flatMap { ScalingClaims.profiles($0) } + (ScalingClaims.codeBelowWeb(worlds).map { [$0] } ?? [])
        return (profiles, worlds.flatMap { ScalingClaims.computeOptimal($0, figure: "compute-optimal") })
    }

    /// top1 vs training batches, one curve per model size.
    static func accuracyCurves(_ rows: [ResultRow], eval: String = "top1", batchSize: Int = 64) -> [Curve] {
        var out: [Double: [Double: [Double]]] = [:]
        for r in rows where r.eval == eval && r.status == "ok" && r.value.isFinite {
            out[Double(r.params), default: [:]][Double(r.step), default: []].append(r.value)
        }
        return out.keys.sorted().map { n in
            let xs = out[n]!.keys.sorted()
            let stats = xs.map { Curves.meanAndSpread(out[n]![$0]!) }
            return Curve(series: n, label: "N = " + ProgressFormat.count(n), x: xs, mean: stats.map(\.0), spread: stats.map(\.1),
                         count: xs.map { out[n]![$0]!.count })
        }
    }
}
