// Simulated figures from result rows, beside the reported readings where a published figure exists.
import Foundation
import ReciteAnalysis
import ReciteLab
import ReciteReport

enum Figures {
    static let recNote = "“Rec” here counts data recitations (each unit presented R times); in the published figure it counts test-time recurrences. Same qualitative shapes, different mechanism."

    /// The figure an experiment's results make, or nil when the experiment names no figure we draw.
    static func svg(figure: String, rows: [ResultRow], reportedDirectory: String = "results/reported") -> String? {
        switch figure {
        case "recitation-mc", "recitation-exact":
            let eval = figure == "recitation-mc" ? "mc" : "exact"
            let curves = Curves.recitation(rows, eval: eval)
            let u0 = curves.first?.x.first ?? 1
            let sim = LineChart(
                title: eval == "mc" ? "Simulated: multiple choice (mc) vs unique tokens" : "Simulated: exact match vs unique tokens",
                subtitle: "simulated unique tokens U (1x = \(Int(u0))); published axis 100B–800B tokens mapped to 1x–8x",
                xAxis: Axis(label: "unique tokens U (simulated)"),
                yAxis: Axis(label: eval == "mc" ? "mc accuracy (%), chance 25" : "exact match (%)", minimum: 0),
                series: curves.map { c in
                    Series(name: c.label, x: c.x, y: c.mean.map { 100 * $0 },
                           low: zip(c.mean, c.spread).map { 100 * ($0 - $1) }, high: zip(c.mean, c.spread).map { 100 * ($0 + $1) },
                           style: Palette.rec(Int(c.series)))
                },
                referenceLines: eval == "mc" ? [ReferenceLine(.horizontal(y: 25), label: "chance", color: RGBColor(hex: 0x888888), dash: .dashed)] : [],
                legend: .below)
            let reported = (try? ReportedCurves.load(figure: figure, directory: reportedDirectory)).map { ReportedFigures.panels($0) } ?? []
            let onD = RecitationAxes.tokensTrainedPanel(rows, eval: eval)
            return FigureGrid(title: figure, caption: "Bands: ±1 sd over seeds. " + RecitationAxes.uCaption + " " + recNote,
                              panels: [sim, onD] + reported, columns: 2).svg(id: figure)
        case "data-constrained":
            let panels = ["loss", "mc"].compactMap { eval -> LineChart? in
                let curves = DataConstrained.curves(rows, eval: eval)
                guard !curves.isEmpty else { return nil }
                return LineChart(
                    title: eval == "loss" ? "Held-out loss vs recitations at fixed compute" : "mc vs recitations at fixed compute",
                    subtitle: "simulated: tokens trained D fixed per line, unique tokens U = D/R",
                    xAxis: Axis(label: "recitations R", scale: .log10),
                    yAxis: Axis(label: eval == "loss" ? "held-out loss (nats/token)" : "mc accuracy (%)"),
                    series: curves.enumerated().map { i, c in
                        Series(name: c.label, x: c.x, y: c.mean.map { eval == "loss" ? $0 : 100 * $0 },
                               style: SeriesStyle(color: Palette.sequential(curves.count == 1 ? 0.5 : Double(i) / Double(curves.count - 1)), marker: .circle))
                    },
                    referenceLines: eval == "loss" ? (rows.first.map { [ReferenceLine(.horizontal(y: $0.entropyFloor), label: "entropy floor", color: RGBColor(hex: 0x888888), dash: .dashed)] } ?? []) : [],
                    legend: .below)
            }
            return FigureGrid(title: "data-constrained", caption: "Fixed compute: a few repetitions cost almost nothing, many cost a lot (Muennighoff et al. 2023).", panels: panels, columns: 2).svg(id: figure)
        case "spacing":
            let curves = Curves.schedules(rows)
            let chart = LineChart(
                title: "Spaced vs massed vs random recitation", subtitle: "simulated: same facts, same U and R, only the order of presentations differs",
                caption: "Diverged runs are left out of the means (massed copies of one fact share a batch, multiplying its step).",
                xAxis: Axis(label: "recitations R", scale: .log10), yAxis: Axis(label: "mc accuracy (%)", minimum: 20),
                series: curves.enumerated().map { i, c in
                    Series(name: c.label, x: c.x, y: c.mean.map { 100 * $0 },
                           low: zip(c.mean, c.spread).map { 100 * ($0 - $1) }, high: zip(c.mean, c.spread).map { 100 * ($0 + $1) },
                           style: SeriesStyle(color: Palette.categorical[i % Palette.categorical.count], marker: .circle))
                },
                legend: .below)
            return chart.svg(id: figure)
        case "isoflop": return ScalingFigures.isoflop(rows, reported: reportedDirectory)
        case "compute-optimal": return ScalingFigures.computeOptimal(rows, reported: reportedDirectory)
        case "vocab-accuracy": return ScalingFigures.vocabAccuracy(rows, reported: reportedDirectory)
        default:
            return nil
        }
    }
}
