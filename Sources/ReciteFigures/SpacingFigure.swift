// The spacing comparison: the same facts, U and R under the three schedules (spaced, massed,
// random); only the order of presentations differs.
import Foundation
import ReciteAnalysis
import ReciteLab
import ReciteReport
import ReciteWorlds

/// mc vs R, one series per schedule.
public struct SpacingFigure: Figure {
    public init() {}
    public let id = "spacing"
    public var published: PublishedCurve {
        .none("no published figure: the spacing effect is a control of the recitation mechanism (same U and R, only the order differs)")
    }

    public func curves(_ rows: [ResultRow]) -> [Curve] {
        let names = Schedule.allCases.map(\.rawValue)
        return Curve.final(rows, eval: "mc", series: { Double(names.firstIndex(of: $0.schedule) ?? names.count) }, x: { Double($0.recitations) },
                           label: { Int($0) < names.count ? names[Int($0)] : "unknown" })
    }

    public func claims(_ rows: [ResultRow]) -> [ShapeClaim] { SpacingClaims.spacing(curves(rows), figure: id) }

    public func svg(_ rows: [ResultRow], reported: [ReportedSeries]) -> String {
        let curves = curves(rows)
        let chart = LineChart(
            title: "Spaced vs massed vs random recitation", subtitle: "simulated: same facts, same U and R, only the order of presentations differs",
            caption: "Diverged runs are left out of the means (massed copies of one fact share a batch, multiplying its step).",
            xAxis: Axis(label: "recitations R", scale: .log10), yAxis: Axis(label: "mc accuracy (%)", minimum: 20),
            series: curves.enumerated().map { i, c in
                let band = c.band(scale: 100)
                return Series(name: c.label, x: c.x, y: c.mean.map { 100 * $0 }, low: band.low, high: band.high,
                              style: SeriesStyle(color: Palette.categorical[i % Palette.categorical.count], marker: .circle))
            },
            legend: .below)
        return chart.svg(id: id)
    }
}
