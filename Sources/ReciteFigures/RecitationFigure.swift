// What the two recitation figures share: one eval against unique tokens U, one series per R, the
// published axis (100B…800B tokens) mapped onto 1x…8x of U by rank, and the Rec-means-recurrences note.
import Foundation
import ReciteAnalysis
import ReciteLab
import ReciteReport

/// What "Rec" means here, for captions and the report's introduction.
public enum RecitationNote {
    public static let text = "“Rec” here counts data recitations (each unit presented R times); in the published figure it counts test-time recurrences. Same qualitative shapes, different mechanism."
}

/// Curves, agreement and chart of a recitation figure of `eval`; each figure adds its own claims.
struct RecitationFigure: Sendable {
    var id: String
    var eval: EvalKind
    var title: String
    var yLabel: String
    /// The chance level drawn as a line (nil: none).
    var chance: Double?


    /// `eval` at the last checkpoint vs unique tokens, one curve per R.
    func curves(_ rows: [ResultRow]) -> [Curve] {
        Curve.final(rows, eval: eval, series: { Double($0.recitations) }, x: { Double($0.uniqueTokens) }, label: { "\(Int($0)) Rec" })
    }

    /// Reported x = 100·i billion tokens ↔ the i-th simulated unique-token point: the order of the
    /// series at each reported x (`Comparison.seriesOrder`, three series at least), and each series'
    /// shape after an affine map of y.
    static func agreement(simulated: [Curve], reported: [ReportedSeries]) -> [Agreement] {
        var out: [Agreement] = []
        func simValue(_ label: String, rank i: Int) -> Double? {
            guard let c = simulated.first(where: { $0.label == label }), i >= 1, i <= c.mean.count else { return nil }
            return 100 * c.mean[i - 1]
        }
        // The simulated curves on the reported axis: the i-th point at 100·i.
        var sim: [String: ReciteAnalysis.Series] = [:]
        for c in simulated { sim[c.label] = ReciteAnalysis.Series(x: c.mean.indices.map { 100 * Double($0 + 1) }, y: c.mean) }
        for x in Set(reported.flatMap { $0.points.map(\.x) }).sorted() {
            // Only series read at this x: a reading is never interpolated between published points.
            var rep: [String: ReciteAnalysis.Series] = [:]
            for s in reported { if let p = s.points.first(where: { $0.x == x }) { rep[s.series] = ReciteAnalysis.Series(x: [x], y: [p.y]) } }
            let order = Comparison.seriesOrder(simulated: sim, reported: rep, at: x, logX: false)
            if order.series >= 3 {
                out.append(Agreement(what: "series order at \(Int(x))B (simulated \(Int((x / 100).rounded()))x)", statistic: "Spearman",
                                     value: order.spearman, points: order.series))
            }
        }
        for series in reported {
            var r: [Double] = [], s: [Double] = []
            for p in series.points { if let v = simValue(series.series, rank: Int((p.x / 100).rounded())) { r.append(p.y); s.append(v) } }
            guard r.count >= 3 else { continue }
            let fit = Comparison.affineMap(from: s, to: r)
            out.append(Agreement(what: "\(series.series) over x", statistic: "Pearson after affine map",
                                 value: fit.map(Agreement.signedPearson) ?? Comparison.pearson(s, r), points: r.count))
        }
        return out
    }

    func svg(_ rows: [ResultRow], reported: [ReportedSeries]) -> String {
        let curves = curves(rows)
        let u0 = curves.first?.x.first ?? 1
        let sim = RecCurveChart.make(
            title: title,
            subtitle: "simulated unique tokens U (1x = \(Int(u0))); published axis 100B–800B tokens mapped to 1x–8x",
            xAxis: Axis(label: "unique tokens U (simulated)"), yLabel: yLabel, curves, chance: chance)
        return FigureGrid(title: id, caption: "Bands: ±1 sd over seeds. " + Self.uCaption + " " + RecitationNote.text,
                          panels: [sim, tokensTrainedPanel(rows)] + ReportedFigures.panels(reported), columns: 2).svg(id: id)
    }

    /// The mean±sd table over unique tokens (percent).
    func summary(_ rows: [ResultRow]) -> String {
        "\n\(id): \(eval) at the last checkpoint, mean±sd over seeds (%), columns = unique tokens\n"
            + CurveTable.render(curves(rows), percent: true) + orderFinding(rows)
    }
}
