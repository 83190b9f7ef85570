// From tidy result rows to curves: group values by (series, x), then the mean and the sample
// standard deviation over seeds at each point. Every figure's curves come through here.
import Foundation
import ReciteAnalysis
import ReciteLab

extension Curve {
    /// One curve per value of `series`, x = `x`, mean and sample sd of `value` over the rows at each
    /// point (in row order, so the sums are reproducible). The caller chooses the rows (eval,
    /// checkpoint, status).
    public static func grouped(_ rows: [ResultRow], series: (ResultRow) -> Double, x: (ResultRow) -> Double,
                               label: (Double) -> String) -> [Curve] {
        var groups: [Double: [Double: [Double]]] = [:]
        for r in rows { groups[series(r), default: [:]][x(r), default: []].append(r.value) }
        return groups.keys.sorted().map { s in
            let xs = groups[s]!.keys.sorted()
            let stats = xs.map { meanAndSpread(groups[s]![$0]!) }
            return Curve(series: s, label: label(s), x: xs, mean: stats.map(\.mean), spread: stats.map(\.sd),
                         count: xs.map { groups[s]![$0]!.count })
        }
    }

    /// Curves of `eval` at each run's last checkpoint. Diverged runs are left out of the means (they
    /// are reported separately).
    public static func final(_ rows: [ResultRow], eval: String, series: (ResultRow) -> Double, x: (ResultRow) -> Double,
                             label: (Double) -> String) -> [Curve] {
        grouped(rows.atFinalCheckpoint.filter { $0.eval == eval && $0.status == "ok" && $0.value.isFinite },
                series: series, x: x, label: label)
    }

    /// Mean and sample standard deviation (0 for one value).
    public static func meanAndSpread(_ v: [Double]) -> (mean: Double, sd: Double) {
        let m = v.reduce(0, +) / Double(v.count)
        guard v.count > 1 else { return (m, 0) }
        let ss = v.reduce(0) { $0 + ($1 - m) * ($1 - m) }
        return (m, (ss / Double(v.count - 1)).squareRoot())
    }

    /// Lower and upper edges of the ±1 sd band, times `scale`.
    func band(scale: Double = 1) -> (low: [Double], high: [Double]) {
        (zip(mean, spread).map { scale * ($0 - $1) }, zip(mean, spread).map { scale * ($0 + $1) })
    }
}

/// Plain-text tables of curves (printed after a sweep).
public enum CurveTable {
    /// One row per series, one column per x, "mean±sd" in percent or raw.
    public static func render(_ curves: [Curve], percent: Bool) -> String {
        guard let xs = curves.first?.x else { return "(no finished runs)\n" }
        func fmt(_ v: Double) -> String { percent ? String(format: "%5.1f", 100 * v) : String(format: "%6.3f", v) }
        func pad(_ t: String) -> String { String(repeating: " ", count: max(11 - t.count, 1)) + t }
        var out = "series   " + xs.map { pad(CountFormat.short($0)) }.joined() + "\n"
        for c in curves {
            out += c.label.padding(toLength: 9, withPad: " ", startingAt: 0)
            for (i, _) in xs.enumerated() where i < c.mean.count {
                out += pad(fmt(c.mean[i]).trimmingCharacters(in: .whitespaces) + "±"
                    + (percent ? String(format: "%.1f", 100 * c.spread[i]) : String(format: "%.2f", c.spread[i])))
            }
            out += "\n"
        }
        return out
    }
}

/// Short counts for labels: 2048, 20k, 1.5M, 2.6G.
public enum CountFormat {
    public static func short(_ x: Double) -> String {
        if x >= 1e9 { return String(format: "%.3gG", x / 1e9) }
        if x >= 1e6 { return String(format: "%.3gM", x / 1e6) }
        if x >= 1e4 { return String(format: "%.3gk", x / 1e3) }
        return String(format: "%g", x)
    }
}
