// One line chart of percent scores per Rec series (mean with a ±1 sd band, coloured by its Rec)
// and a dashed chance line: the panel the recitation figures and the mechanism comparison share.
import ReciteAnalysis
import ReciteReport

enum RecCurveChart {
    /// `curves` hold fractions; the chart shows percent.
    static func make(title: String, subtitle: String, xAxis: Axis, yLabel: String, _ curves: [Curve], chance: Double?) -> LineChart {
        LineChart(
            title: title,
            subtitle: subtitle,
            xAxis: xAxis,
            yAxis: Axis(label: yLabel, minimum: 0),
            series: curves.map { c in
                let band = c.band(scale: 100)
                return Series(name: c.label, x: c.x, y: c.mean.map { 100 * $0 }, low: band.low, high: band.high,
                              style: Palette.rec(Int(c.series)))
            },
            referenceLines: chance.map { [ReferenceLine(.horizontal(y: 100 * $0), label: "chance", color: RGBColor(hex: 0x888888), dash: .dashed)] } ?? [],
            legend: .below)
    }
}
