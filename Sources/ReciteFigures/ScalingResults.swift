// The scaling-law analysis of a set of result rows (approaches 1-3 per world, with bootstrap
// intervals), shared by the figures drawn from the same isoFLOP runs.
import Foundation
import ReciteAnalysis
import ReciteLab
import Synchronization

/// From rows to scaling observations and fits.
public enum ScalingResults {
    /// Scaling observations of `eval` from finished rows (every checkpoint: approach 1 uses the curves).
    public static func observations(_ rows: [ResultRow], eval: String = "loss") -> [ScalingObservation] {
        rows.filter { $0.eval == eval && $0.status == "ok" && $0.value.isFinite }.map {
            ScalingObservation(run: $0.run, world: $0.world, parameters: Double($0.params), budget: $0.budgetFlops,
                               tokens: Double($0.tokensTrained), loss: $0.value, entropyFloor: $0.entropyFloor)
        }
    }

    /// The last analysis, its options and the rows it was computed from: the claims, charts and
    /// agreement of the figures of one isoFLOP result ask for the same fit (bootstrap + multi-start
    /// L-BFGS, seconds).
    private static let last = Mutex<(rows: [ResultRow], options: ScalingOptions, worlds: [WorldScaling])?>(nil)

    /// Approaches 1-3 per world on the held-out loss rows (computed once per rows and options).
    public static func analyse(_ rows: [ResultRow], options: ScalingOptions = ScalingOptions()) throws -> [WorldScaling] {
        if let hit = last.withLock({ $0.flatMap { $0.rows == rows && $0.options == options ? $0.worlds : nil } }) { return hit }
        let worlds = try ScalingAnalysis.analyse(observations(rows), options: options)
        last.withLock { $0 = (rows, options, worlds) }
        return worlds
    }

    /// Final-checkpoint loss per (world, budget): (parameters, loss) in row order.
    public static func finalLoss(_ rows: [ResultRow]) -> [String: [Double: [(n: Double, loss: Double)]]] {
        var out: [String: [Double: [(n: Double, loss: Double)]]] = [:]
        for r in rows.atFinalCheckpoint where r.eval == "loss" && r.status == "ok" {
            out[r.world, default: [:]][r.budgetFlops, default: []].append((Double(r.params), r.value))
        }
        return out
    }

    static let flopNote = "simulated FLOPs; published budgets 1e19–1e21 mapped by ratio (1 : 10 : 60 : 100)"
}
