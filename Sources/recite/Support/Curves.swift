// From tidy result rows to curves: the final checkpoint of every run, averaged over seeds.
import Foundation
import ReciteAnalysis
import ReciteLab

enum Curves {
    /// Curves of `eval` at each run's last checkpoint: one per value of `series` (e.g. recitations),
    /// x = `x` (e.g. unique tokens), mean and sample standard deviation over seeds. Diverged runs
    /// are left out of the means (they are reported separately).
    static func final(_ rows: [ResultRow], eval: String, series: (ResultRow) -> Double, x: (ResultRow) -> Double,
                      label: (Double) -> String) -> [Curve] {
        var lastTokens: [String: Int] = [:]
        for r in rows { lastTokens[r.run] = max(lastTokens[r.run] ?? 0, r.tokensTrained) }
        var groups: [Double: [Double: [Double]]] = [:]
        for r in rows where r.eval == eval && r.tokensTrained == lastTokens[r.run] && r.status == "ok" && r.value.isFinite {
            groups[series(r), default: [:]][x(r), default: []].append(r.value)
        }
        return groups.keys.sorted().map { s in
            let xs = groups[s]!.keys.sorted()
            let stats = xs.map { meanAndSpread(groups[s]![$0]!) }
            return Curve(series: s, label: label(s), x: xs, mean: stats.map(\.0), spread: stats.map(\.1),
                         count: xs.map { groups[s]![$0]!.count })
        }
    }

    static func meanAndSpread(_ v: [Double]) -> (Double, Double) {
        let m = v.reduce(0, +) / Double(v.count)
        guard v.count > 1 else { return (m, 0) }
        let ss = v.reduce(0) { $0 + ($1 - m) * ($1 - m) }
        return (m, (ss / Double(v.count - 1)).squareRoot())
    }

    /// The recitation figures' curves: eval vs unique tokens, one series per R.
    static func recitation(_ rows: [ResultRow], eval: String) -> [Curve] {
        final(rows, eval: eval, series: { Double($0.recitations) }, x: { Double($0.uniqueTokens) }, label: { "\(Int($0)) Rec" })
    }

    /// The recitation curves on the published axis: eval vs tokens trained D = U·R, one series per R.
    static func recitationOnTokensTrained(_ rows: [ResultRow], eval: String) -> [Curve] {
        final(rows, eval: eval, series: { Double($0.recitations) }, x: { Double($0.tokensTrained) }, label: { "\(Int($0)) Rec" })
    }

    /// Where two or more series share a tokens-trained value D, their order there (highest first):
    /// what data recitation does on the published axis. Empty when no D is shared.
    static func orderAtSharedD(_ curves: [Curve]) -> [(d: Double, order: [(label: String, value: Double)])] {
        var at: [Double: [(String, Double)]] = [:]
        for c in curves { for (x, y) in zip(c.x, c.mean) { at[x, default: []].append((c.label, y)) } }
        return at.filter { $0.value.count >= 3 }.keys.sorted().map { d in
            (d, at[d]!.sorted { $0.1 > $1.1 }.map { (label: $0.0, value: $0.1) })
        }
    }

    /// A plain-text table: one row per series, one column per x, "mean±sd" in percent or raw.
    static func table(_ curves: [Curve], percent: Bool) -> String {
        guard let xs = curves.first?.x else { return "(no finished runs)\n" }
        func fmt(_ v: Double) -> String { percent ? String(format: "%5.1f", 100 * v) : String(format: "%6.3f", v) }
        func pad(_ t: String) -> String { String(repeating: " ", count: max(11 - t.count, 1)) + t }
        var out = "series   " + xs.map { pad(ProgressFormat.count($0)) }.joined() + "\n"
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

    /// Claims for the figure an experiment names, from its rows (empty when it names none we know).
    static func claims(figure: String, rows: [ResultRow]) -> [ShapeClaim] {
        switch figure {
        case "recitation-mc":
            let c = recitation(rows, eval: "mc")
            return RecitationClaims.multipleChoice(c) + PublishedRecitationClaims.multipleChoice(c, figure: figure)
        case "recitation-exact":
            let c = recitation(rows, eval: "exact")
            return RecitationClaims.exactMatch(c) + PublishedRecitationClaims.exactMatch(c, figure: figure)
        case "data-constrained": return DataConstrained.claims(rows)
        case "spacing": return SpacingClaims.spacing(schedules(rows))
        case "isoflop": return Scaling.claims(rows).isoflop
        case "compute-optimal": return Scaling.claims(rows).computeOptimal
        case "vocab-accuracy": return VocabAccuracyClaims.accuracy(Scaling.accuracyCurves(rows))
        default: return []
        }
    }

    /// mc vs R, one curve per schedule (spaced, massed, random).
    static func schedules(_ rows: [ResultRow]) -> [Curve] {
        let names = ["spaced", "massed", "random"]
        return final(rows, eval: "mc", series: { Double(names.firstIndex(of: $0.schedule) ?? 9) }, x: { Double($0.recitations) },
                     label: { names[min(Int($0), 2)] })
    }

    /// Prints claims as PASS/FAIL lines.
    static func render(_ claims: [ShapeClaim]) -> String {
        claims.map { "\($0.passed ? "PASS" : "FAIL")  \($0.claim): \($0.measured) (expected \($0.expected))" }.joined(separator: "\n")
    }
}

enum ProgressFormat {
    static func count(_ x: Double) -> String {
        if x >= 1e9 { return String(format: "%.3gG", x / 1e9) }
        if x >= 1e6 { return String(format: "%.3gM", x / 1e6) }
        if x >= 1e4 { return String(format: "%.3gk", x / 1e3) }
        return String(format: "%g", x)
    }
}
