// The recitation figures on both axes. Our "Rec" is data recitation, so at one unique-token budget
// U the R = 64 series trains on 64× the tokens of R = 1. The published figure plots against tokens
// trained D; this panel does too, so a reader sees what recitation does at equal training compute.
import Foundation
import ReciteAnalysis
import ReciteLab
import ReciteReport

enum RecitationAxes {
    /// What the U panel's caption must say about its series.
    static let uCaption = "On the unique-token panel the series train on up to 64× different token counts (D = U·R); the tokens-trained panel puts them on the published axis."

    /// eval vs tokens trained D (log axis), one series per R.
    static func tokensTrainedPanel(_ rows: [ResultRow], eval: String) -> LineChart {
        let curves = Curves.recitationOnTokensTrained(rows, eval: eval)
        return LineChart(
            title: eval == "mc" ? "Simulated: mc vs tokens trained (the published axis)" : "Simulated: exact match vs tokens trained (the published axis)",
            subtitle: "simulated tokens trained D = U·R (log scale); each series covers 1x–8x of U at its own R",
            xAxis: Axis(label: "tokens trained D (simulated, log scale)", scale: .log10),
            yAxis: Axis(label: eval == "mc" ? "mc accuracy (%), chance 25" : "exact match (%)", minimum: 0),
            series: curves.map { c in
                Series(name: c.label, x: c.x, y: c.mean.map { 100 * $0 }, style: Palette.rec(Int(c.series)))
            },
            referenceLines: eval == "mc" ? [ReferenceLine(.horizontal(y: 25), label: "chance", color: RGBColor(hex: 0x888888), dash: .dashed)] : [],
            legend: .below)
    }

    /// One line per tokens-trained value that three or more series share: their order there.
    static func orderFinding(_ rows: [ResultRow], eval: String) -> String {
        Curves.orderAtSharedD(Curves.recitationOnTokensTrained(rows, eval: eval)).map { d, order in
            "at D = \(Int(d)): " + order.map { "\($0.label) \(String(format: "%.1f", 100 * $0.value))" }.joined(separator: " > ")
        }.joined(separator: "\n")
    }
}
