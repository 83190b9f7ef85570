// Result rows with known shapes for every figure, so each figure's curves, claims, agreement and
// chart can be checked without training.
import Foundation
import ReciteAnalysis
import ReciteFigures
import ReciteLab
import ReciteWorlds

enum Fixtures {
    /// Fast scaling fits for tests (the figures' defaults bootstrap 200 times over 4,500 starts).
    static var scalingOptions: ScalingOptions {
        var o = ScalingOptions()
        o.bootstrap = BootstrapOptions(replicates: 20)
        o.parametric.grid = .coarse
        return o
    }

    /// Fixed compute: loss = E + B/D'^β with the effective data D' = U + U·R*·(1 − e^{−(R−1)/R*}),
    /// U = D/R, R* = 15; mc falls with R. Budgets D = 1e5 and 4e5, R = 1 … 32.
    static func dataConstrained(rStar: Double = 15) -> [ResultRow] {
        var out: [ResultRow] = []
        for d in [100_000, 400_000] {
            for r in [1, 2, 4, 8, 16, 32] {
                let u = d / r
                let eff = Double(u) + Double(u) * rStar * (1 - exp(-Double(r - 1) / rStar))
                let loss = 2 + 100 / pow(eff, 0.3)
                out.append(Rows.row(unique: u, recitations: r, regime: .fixedCompute, tokens: d, eval: .loss, value: loss))
                out.append(Rows.row(unique: u, recitations: r, regime: .fixedCompute, tokens: d, eval: .mc, value: 0.6 - 0.01 * Double(r)))
            }
        }
        return out
    }

    /// mc vs R per schedule; `massedLift` added to massed at every R.
    static func spacing(massedLift: Double = 0) -> [ResultRow] {
        var out: [ResultRow] = []
        for (schedule, base) in [(Schedule.spaced, 0.30), (.massed, 0.26), (.random, 0.28)] {
            for r in [1, 4, 8, 16, 32] {
                for seed in [1, 2] {
                    let v = base + 0.01 * Double(r) + (schedule == .massed ? massedLift : 0) + 0.002 * Double(seed)
                    out.append(Rows.row(seed: seed, recitations: r, schedule: schedule, eval: .mc, value: v))
                }
            }
        }
        return out
    }

    /// Loss from a planted Chinchilla-like law L = E + A/N^α + B/D^β (E lower for `code`) at four
    /// budgets and 13 sizes, each run with 5 checkpoints (1/16 … 1 of its tokens).
    static func isoflop() -> [ResultRow] {
        let (a, b, alpha, beta) = (482.0, 2085.0, 0.348, 0.366)
        var out: [ResultRow] = []
        for (world, e) in [("web", 3.0), ("code", 2.0)] {
            for c in [1e12, 1e13, 6e13, 1e14] {
                for i in 0..<13 {
                    let n = (1e4 * pow(1e3, Double(i) / 12)).rounded()
                    let d = c / (6 * n)
                    for k in 0..<5 {
                        let t = d / pow(2, Double(4 - k))
                        out.append(Rows.row(run: "\(world)-\(c)-\(Int(n))", world: world, params: Int(n), budget: c, tokens: Int(t),
                                            flops: 6 * n * t, step: k + 1, eval: .loss,
                                            value: e + a / pow(n, alpha) + b / pow(t, beta), floor: e))
                    }
                }
            }
        }
        return out
    }

    /// top1 at five checkpoints for three sizes; `swap` makes the smallest size the best.
    static func vocabAccuracy(swap: Bool = false) -> [ResultRow] {
        var out: [ResultRow] = []
        for (i, n) in [10_000, 37_000, 69_000].enumerated() {
            let rank = swap ? 2 - i : i
            for step in 1...5 {
                // Batches of 70 tokens: 350,000 tokens by the last checkpoint, over one per parameter.
                out.append(Rows.row(params: n, tokens: 70_000 * step, step: 1000 * step, eval: .top1,
                                    value: 0.2 + 0.03 * Double(rank) + 0.01 * Double(step)))
            }
        }
        return out
    }

    /// The fixture of a registered figure, by id (tests may name figures).
    static func rows(for id: String) -> [ResultRow] {
        switch id {
        case "recitation-mc": return Rows.recitation(eval: .mc, RecitationFigureTests.goodMC)
        case "recitation-exact": return Rows.recitation(eval: .exact, RecitationFigureTests.goodMC.mapValues { $0.map { max($0 - 0.25, 0) } })
        case "recurrence-mc": return RecurrenceFigureTests.rows(RecurrenceFigureTests.mc)
        case "recurrence-exact":
            return RecurrenceFigureTests.rows { r, t in max(RecurrenceFigureTests.mc(r, t) - 0.27, 0) }.map { var x = $0; x.eval = .exact; return x }
        case "data-constrained": return dataConstrained()
        case "spacing": return spacing()
        case "isoflop", "compute-optimal": return isoflop()
        case "vocab-accuracy": return vocabAccuracy()
        default: return []
        }
    }

    /// A registered figure with fast fit options where it has them.
    static func figure(_ id: String) throws -> any Figure {
        switch id {
        case "isoflop": return IsoFLOPFigure(options: scalingOptions)
        case "compute-optimal": return ComputeOptimalFigure(options: scalingOptions)
        default: return try FigureRegistry.figure(id)
        }
    }
}
