// Agreement of simulated curves with the reported readings, after mapping the x axes by rank:
// the i-th reported x (e.g. 100B, 200B, … tokens) is the i-th simulated x (1x, 2x, …). Reported
// values come from another system, so only orders and shapes are compared: Spearman of the series
// order at each x, and Pearson of each series after an affine map of y (which ignores units).
import Foundation
import ReciteAnalysis
import ReciteLab
import ReciteReport

struct Agreement: Codable, Hashable {
    /// "series order at 800B" or "8 Rec over x".
    var what: String
    var statistic: String
    var value: Double?
    var points: Int
}

enum Agreements {
    /// Recitation figures: reported x = 100·i billion tokens ↔ the i-th simulated unique-token point.
    static func recitation(simulated: [Curve], reported: [ReportedSeries]) -> [Agreement] {
        var out: [Agreement] = []
        func simValue(_ label: String, rank i: Int) -> Double? {
            guard let c = simulated.first(where: { $0.label == label }), i >= 1, i <= c.mean.count else { return nil }
            return 100 * c.mean[i - 1]
        }
        let xs = Set(reported.flatMap { $0.points.map(\.x) }).sorted()
        for x in xs {
            let rank = Int((x / 100).rounded())
            var r: [Double] = [], s: [Double] = []
            for series in reported {
                guard let p = series.points.first(where: { $0.x == x }), let v = simValue(series.series, rank: rank) else { continue }
                r.append(p.y); s.append(v)
            }
            if r.count >= 3 {
                out.append(Agreement(what: "series order at \(Int(x))B (simulated \(rank)x)", statistic: "Spearman",
                                     value: Comparison.spearman(s, r), points: r.count))
            }
        }
        for series in reported {
            var r: [Double] = [], s: [Double] = []
            for p in series.points { if let v = simValue(series.series, rank: Int((p.x / 100).rounded())) { r.append(p.y); s.append(v) } }
            guard r.count >= 3 else { continue }
            let fit = Comparison.affineMap(from: s, to: r)
            out.append(Agreement(what: "\(series.series) over x", statistic: "Pearson after affine map",
                                 value: fit?.pearsonAfter ?? Comparison.pearson(s, r), points: r.count))
        }
        return out
    }

    static func render(_ a: [Agreement]) -> String {
        a.map {
            "      " + $0.what.padding(toLength: 58, withPad: " ", startingAt: 0) + " " + $0.statistic.padding(toLength: 26, withPad: " ", startingAt: 0)
                + " " + ($0.value.map { String(format: "%+.2f", $0) } ?? "n/a (constant)") + " (\($0.points) points)"
        }.joined(separator: "\n")
    }
}

extension Agreements {
    /// Accuracy vs batches: reported sizes (350M < 1.3B < 2.4B) ↔ simulated sizes by rank; the i-th
    /// reported checkpoint ↔ the i-th simulated one.
    static func vocabAccuracy(simulated: [Curve], reported: [ReportedSeries]) -> [Agreement] {
        let sim = simulated.sorted { $0.series < $1.series }
        let rep = reported.sorted { sizeValue($0.series) < sizeValue($1.series) }
        guard sim.count == rep.count, !sim.isEmpty else { return [] }
        var out: [Agreement] = []
        let xs = Set(rep.flatMap { $0.points.map(\.x) }).sorted()
        for (i, x) in xs.enumerated() {
            let r = rep.compactMap { s in s.points.first { $0.x == x }?.y }
            let s = sim.compactMap { c in i < c.mean.count ? c.mean[i] : nil }
            guard r.count == s.count, r.count >= 3 else { continue }
            out.append(Agreement(what: "size order at \(Int(x)) batches (simulated checkpoint \(i + 1))", statistic: "Spearman",
                                 value: Comparison.spearman(s, r), points: r.count))
        }
        for (c, s) in zip(sim, rep) {
            let r = s.points.sorted { $0.x < $1.x }.map(\.y)
            let y = Array(c.mean.prefix(r.count))
            guard y.count == r.count, r.count >= 3 else { continue }
            out.append(Agreement(what: "\(s.series) ↔ \(c.label) over batches", statistic: "Pearson after affine map",
                                 value: Comparison.affineMap(from: y, to: r)?.pearsonAfter, points: r.count))
        }
        return out
    }

    /// isoFLOP profiles: reported budgets ↔ simulated budgets by rank, C4 ↔ web and GitHub ↔ code;
    /// the order of the four budgets' losses at the smallest and at the largest model.
    static func isoflop(rows: [ResultRow], reported: [ReportedSeries]) -> [Agreement] {
        let finals = ScalingFigures.finalLoss(rows)
        var out: [Agreement] = []
        for (panel, world) in [("C4 loss", "web"), ("GitHub loss", "code")] {
            let rep = reported.filter { $0.panel == panel }.sorted { sizeValue($0.series) < sizeValue($1.series) }
            guard let sim = finals[world], !rep.isEmpty else { continue }
            let budgets = sim.keys.sorted()
            guard budgets.count == rep.count else { continue }
            for (label, pickLargest) in [("smallest", false), ("largest", true)] {
                let r: [Double] = rep.compactMap { series -> Double? in
                    let pts = series.points.sorted { $0.x < $1.x }
                    return pickLargest ? pts.last?.y : pts.first?.y
                }
                let s: [Double] = budgets.compactMap { c -> Double? in
                    let pts = sim[c]!.sorted { $0.n < $1.n }
                    return pickLargest ? pts.last?.loss : pts.first?.loss
                }
                guard r.count == s.count, r.count >= 3 else { continue }
                out.append(Agreement(what: "\(world) ↔ \(panel): budget order at the \(label) model", statistic: "Spearman",
                                     value: Comparison.spearman(s, r), points: r.count))
            }
        }
        return out
    }

    /// "350M" → 3.5e8, "1e19 FLOPs" → 1e19, "2.4B" → 2.4e9 (for ordering reported series).
    static func sizeValue(_ s: String) -> Double {
        let t = s.split(separator: " ").first.map(String.init) ?? s
        let scale: [Character: Double] = ["K": 1e3, "M": 1e6, "B": 1e9, "T": 1e12]
        if let last = t.last, let m = scale[last], let v = Double(t.dropLast()) { return v * m }
        return Double(t) ?? .infinity
    }

    /// Agreement rows for any figure whose reported curves we can map (empty otherwise).
    static func forFigure(_ figure: String, rows: [ResultRow], reportedDirectory dir: String) -> [Agreement] {
        guard let rep = try? ReportedCurves.load(figure: figure, directory: dir) else { return [] }
        switch figure {
        case "recitation-mc": return recitation(simulated: Curves.recitation(rows, eval: "mc"), reported: rep)
        case "recitation-exact": return recitation(simulated: Curves.recitation(rows, eval: "exact"), reported: rep)
        case "vocab-accuracy": return vocabAccuracy(simulated: Scaling.accuracyCurves(rows), reported: rep)
        case "isoflop": return isoflop(rows: rows, reported: rep)
        default: return []
        }
    }
}
