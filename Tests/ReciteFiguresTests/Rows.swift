// Hand-made result rows for figure tests: one row per (run, eval) at one checkpoint, with the
// fields a figure reads and plain defaults for the rest.
import Foundation
import ReciteLab

enum Rows {
    /// One row. `run` defaults to a name built from the grid point, so distinct points are distinct runs.
    static func row(run: String? = nil, seed: Int = 1, world: String = "web", params: Int = 1000, unique: Int = 1000,
                    recitations: Int = 1, schedule: String = "spaced", regime: String = "fixed-data",
                    budget: Double = 0, tokens: Int? = nil, flops: Double = 0, step: Int = 1,
                    eval: String, value: Double, floor: Double = 2.0, status: String = "ok") -> ResultRow {
        let d = tokens ?? unique * recitations
        let name = run ?? "\(world)-s\(seed)-n\(params)-u\(unique)-r\(recitations)-\(schedule)-c\(budget)"
        return ResultRow(run: name, experiment: "test", seed: seed, world: world, params: params, width: 8, context: 1,
                         uniqueTokens: unique, recitations: recitations, schedule: schedule, regime: regime,
                         budgetFlops: budget, tokensTrained: d, flops: flops, step: step, eval: eval, value: value,
                         entropyFloor: floor, status: status)
    }

    /// Recitation-figure rows: `values[R][i]` is the value at the i-th unique-token point (U = 1000·(i+1)),
    /// for each seed (`jitter` added to seed 2, subtracted from seed 1, so the mean is the value).
    static func recitation(eval: String, _ values: [Int: [Double]], seeds: Int = 2, jitter: Double = 0.01) -> [ResultRow] {
        var out: [ResultRow] = []
        for r in values.keys.sorted() {
            for (i, v) in values[r]!.enumerated() {
                for s in 1...seeds {
                    let sign = seeds == 1 ? 0 : (s == 1 ? -1.0 : s == 2 ? 1.0 : 0)
                    out.append(row(seed: s, unique: 1000 * (i + 1), recitations: r, eval: eval, value: v + sign * jitter))
                }
            }
        }
        return out
    }
}
