// The recitation figures on both axes. Our "Rec" is data recitation, so at one unique-token budget
// U the R = 64 series trains on 64× the tokens of R = 1. The published figure plots against tokens
// trained D; this panel does too, so a reader sees what recitation does at equal training tokens.
import Foundation
import ReciteAnalysis
import ReciteLab
import ReciteReport

extension RecitationFigure {
    /// What the unique-token panel's caption must say about its series.
    static let uCaption = "On the unique-token panel the series train on up to 64× different token counts (D = U·R); the tokens-trained panel puts them on the published axis."

    /// `eval` at the last checkpoint vs tokens trained D = U·R, one curve per R.
    func curvesOnTokensTrained(_ rows: [ResultRow]) -> [Curve] {
        Curve.final(rows, eval: eval, series: { Double($0.recitations) }, x: { Double($0.tokensTrained) }, label: { "\(Int($0)) Rec" })
    }

    /// The panel on the published axis (log scale).
    func tokensTrainedPanel(_ rows: [ResultRow]) -> LineChart {
        LineChart(
            title: title.replacingOccurrences(of: "vs unique tokens", with: "vs tokens trained (the published axis)"),
            subtitle: "simulated tokens trained D = U·R (log scale); each series covers 1x–8x of U at its own R",
            xAxis: Axis(label: "tokens trained D (simulated, log scale)", scale: .log10),
            yAxis: Axis(label: yLabel, minimum: 0),
            series: curvesOnTokensTrained(rows).map { c in
                Series(name: c.label, x: c.x, y: c.mean.map { 100 * $0 }, style: Palette.rec(Int(c.series)))
            },
            referenceLines: chance.map { [ReferenceLine(.horizontal(y: 100 * $0), label: "chance", color: RGBColor(hex: 0x888888), dash: .dashed)] } ?? [],
            legend: .below)
    }

    /// Where three or more series share a tokens-trained value D, their order there (highest first).
    static func orderAtSharedD(_ curves: [Curve]) -> [(d: Double, order: [(label: String, value: Double)])] {
        var at: [Double: [(String, Double)]] = [:]
        for c in curves { for (x, y) in zip(c.x, c.mean) { at[x, default: []].append((c.label, y)) } }
        return at.filter { $0.value.count >= 3 }.keys.sorted().map { d in
            (d, at[d]!.sorted { $0.1 > $1.1 }.map { (label: $0.0, value: $0.1) })
        }
    }

    /// One line per shared D: what data recitation does on the published axis (a finding, not a claim).
    func orderFinding(_ rows: [ResultRow]) -> String {
        let lines = Self.orderAtSharedD(curvesOnTokensTrained(rows)).map { d, order in
            "at D = \(Int(d)): " + order.map { "\($0.label) \(String(format: "%.1f", 100 * $0.value))" }.joined(separator: " > ")
        }
        return lines.isEmpty ? "" : "on the published axis (tokens trained D), where series share a D:\n" + lines.joined(separator: "\n") + "\n"
    }
}
