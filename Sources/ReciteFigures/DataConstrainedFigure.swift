// The fixed-compute regime (Muennighoff et al. 2023): loss against R per tokens-trained budget D,
// with U = D/R, and the effective-data fit with a bootstrap interval for R*.
import Foundation
import ReciteAnalysis
import ReciteLab
import ReciteReport

/// Held-out loss (and mc) vs recitations at fixed compute, one series per budget D.
public struct DataConstrainedFigure: Figure {
    public init() {}
    public let id = "data-constrained"
    public var published: PublishedCurve {
        .none("Muennighoff et al. (2023) is compared by its shapes (a few repetitions cost almost nothing, many cost a lot) and the effective-data fit; no readings of its curves are committed")
    }

    /// `eval` at the end of training vs R, one curve per budget D.
    public func curves(_ rows: [ResultRow], eval: String) -> [Curve] {
        Curve.final(rows, eval: eval, series: { Double($0.tokensTrained) }, x: { Double($0.recitations) },
                    label: { "D=\(CountFormat.short($0))" })
    }

    public func curves(_ rows: [ResultRow]) -> [Curve] { curves(rows, eval: "loss") }

    /// The effective-data fit on every finished run's final held-out loss, with a bootstrap interval for R*.
    public func fit(_ rows: [ResultRow]) -> (EffectiveDataFit, BootstrapInterval)? {
        let obs = rows.atFinalCheckpoint.filter { $0.eval == "loss" && $0.status == "ok" && $0.value.isFinite }
            .map { RepeatedDataObservation(uniqueTokens: Double($0.uniqueTokens), recitations: Double($0.recitations), loss: $0.value) }
        guard obs.count >= 5, let fit = try? EffectiveDataFit(observations: obs) else { return nil }
        return (fit, fit.bootstrapRStar(BootstrapOptions(replicates: 200, level: 0.95, seed: 1)))
    }

    public func claims(_ rows: [ResultRow]) -> [ShapeClaim] {
        let f = fit(rows)
        return DataConstrainedClaims.loss(curves(rows), fit: f?.0, rStar: f?.1, figure: id)
    }

    /// The evals drawn and tabulated, where the rows have them.
    func evals(_ rows: [ResultRow]) -> [String] {
        let present = Set(rows.map(\.eval))
        return ["loss", "mc"].filter(present.contains)
    }

    public func svg(_ rows: [ResultRow], reported: [ReportedSeries]) -> String {
        let panels = evals(rows).compactMap { eval -> LineChart? in
            let curves = curves(rows, eval: eval)
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
        return FigureGrid(title: id, caption: "Fixed compute: a few repetitions cost almost nothing, many cost a lot (Muennighoff et al. 2023).",
                          panels: panels, columns: 2).svg(id: id)
    }

    public func summary(_ rows: [ResultRow]) -> String {
        evals(rows).map { eval in
            "\n\(id): \(eval) at the end of training vs recitations R (columns), one row per budget D, mean±sd over seeds\n"
                + CurveTable.render(curves(rows, eval: eval), percent: eval != "loss")
        }.joined()
    }
}
