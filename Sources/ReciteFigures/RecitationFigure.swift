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
    var eval: String
    var title: String
    var yLabel: String
    /// The chance level drawn as a line (nil: none).
    var chance: Double?


    /// `eval` at the last checkpoint vs unique tokens, one curve per R.
    func curves(_ rows: [ResultRow]) -> [Curve] {
        Curve.final(rows, eval: eval, series: { Double($0.recitations) }, x: { Double($0.uniqueTokens) }, label: { "\(Int($0)) Rec" })
    }

    /// Reported x = 100·i billion tokens ↔ the i-th simulated unique-token point.
    static func agreement(simulated: [Curve], reported: [ReportedSeries]) -> [Agreement] {
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
                                 value: fit.map(Agreement.signedPearson) ?? Comparison.pearson(s, r), points: r.count))
        }
        return out
    }

    func svg(_ rows: [ResultRow], reported: [ReportedSeries]) -> String {
        let curves = curves(rows)
        let u0 = curves.first?.x.first ?? 1
        let sim = LineChart(
            title: title,
            subtitle: "simulated unique tokens U (1x = \(Int(u0))); published axis 100B–800B tokens mapped to 1x–8x",
            xAxis: Axis(label: "unique tokens U (simulated)"),
            yAxis: Axis(label: yLabel, minimum: 0),
            series: curves.map { c in
                let band = c.band(scale: 100)
                return Series(name: c.label, x: c.x, y: c.mean.map { 100 * $0 }, low: band.low, high: band.high,
                              style: Palette.rec(Int(c.series)))
            },
            referenceLines: chance.map { [ReferenceLine(.horizontal(y: 100 * $0), label: "chance", color: RGBColor(hex: 0x888888), dash: .dashed)] } ?? [],
            legend: .below)
        return FigureGrid(title: id, caption: "Bands: ±1 sd over seeds. " + Self.uCaption + " " + RecitationNote.text,
                          panels: [sim, tokensTrainedPanel(rows)] + ReportedFigures.panels(reported), columns: 2).svg(id: id)
    }

    /// The mean±sd table over unique tokens (percent).
    func summary(_ rows: [ResultRow]) -> String {
        "\n\(id): \(eval) at the last checkpoint, mean±sd over seeds (%), columns = unique tokens\n"
            + CurveTable.render(curves(rows), percent: true) + orderFinding(rows)
    }
}
