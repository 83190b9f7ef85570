// Agreement of simulated curves with the reported readings, after mapping the x axes by rank:
// the i-th reported x (e.g. 100B, 200B, … tokens) is the i-th simulated x (1x, 2x, …). Reported
// values come from another system, so only orders and shapes are compared: Spearman of the series
// order at each x, and Pearson of each series after an affine map of y (which ignores units).
import Foundation
import ReciteAnalysis
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
            "      " + $0.what.padding(toLength: 44, withPad: " ", startingAt: 0) + " " + $0.statistic.padding(toLength: 26, withPad: " ", startingAt: 0)
                + " " + ($0.value.map { String(format: "%+.2f", $0) } ?? "n/a (constant)") + " (\($0.points) points)"
        }.joined(separator: "\n")
    }
}
