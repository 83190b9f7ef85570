// The compute-optimal fits (Hoffmann et al. 2022, Fig. 1 / Table 2; seed 004): approaches 1-3 on the
// isoFLOP runs, the exponents a (N_opt ∝ C^a) and b (D_opt ∝ C^b), and the optimum extrapolated to
// 100× the largest budget. Drawn from an experiment that also names the isoFLOP profiles.
import Foundation
import ReciteAnalysis
import ReciteLab
import ReciteReport

/// Loss vs FLOPs by size; compute-optimal N and D vs C with the 100× extrapolation.
public struct ComputeOptimalFigure: Figure {
    /// Options of the scaling fits (bootstrap replicates, starting grid).
    public var options: ScalingOptions

    public init(options: ScalingOptions = ScalingOptions()) { self.options = options }
    public var id: String { "compute-optimal" }
    public var published: PublishedCurve { .reported }

    public func heading(description: String) -> String {
        "Compute-optimal fits (approaches 1-3) and the extrapolation to 100× the largest budget."
    }

    /// The world drawn: web where there is one.
    func world(_ worlds: [WorldScaling]) -> WorldScaling? { worlds.first(where: { $0.world == "web" }) ?? worlds.first }

    /// Loss vs FLOPs, one curve per size: the checkpoints of its largest-budget run (mixing runs with
    /// different cosine schedules would zig-zag), in the first world by name.
    public func curves(_ rows: [ResultRow]) -> [Curve] {
        guard let world = Set(rows.map(\.world)).contains("web") ? "web" : rows.map(\.world).min() else { return [] }
        return trajectories(rows, world: world)
    }

    func trajectories(_ rows: [ResultRow], world: String) -> [Curve] {
        var largest: [Int: Double] = [:]
        for r in rows where r.world == world { largest[r.params] = max(largest[r.params] ?? 0, r.budgetFlops) }
        return Curve.grouped(rows.filter { $0.eval == "loss" && $0.status == "ok" && $0.world == world && $0.budgetFlops == largest[$0.params] },
                             series: { Double($0.params) }, x: \.flops, label: { "N = " + CountFormat.short($0) })
    }

    /// Per world and approach: it fits, a and b near 0.5 with a + b ≈ 1, straight log-log laws.
    public func claims(_ rows: [ResultRow]) -> [ShapeClaim] {
        guard let worlds = try? ScalingResults.analyse(rows, options: options), !worlds.isEmpty else {
            return [ShapeClaim(figure: id, key: "fits-run", claim: "the scaling fits run", measured: "no fit", expected: "fits", passed: false)]
        }
        return worlds.flatMap { ScalingClaims.laws($0, figure: id) }
    }

    public func svg(_ rows: [ResultRow], reported: [ReportedSeries]) -> String {
        let worlds = (try? ScalingResults.analyse(rows, options: options)) ?? []
        guard let w = world(worlds) else { return "" }
        let curves = trajectories(rows, world: w.world)
        let lossPanel = LineChart(
            title: "\(w.world): loss vs FLOPs by model size", subtitle: "checkpoints of each size's largest-budget run; " + ScalingResults.flopNote,
            xAxis: Axis(label: "FLOPs (simulated)", scale: .log10), yAxis: Axis(label: "held-out loss (nats/token)"),
            series: curves.enumerated().map { i, c in
                Series(name: c.label, x: c.x, y: c.mean,
                       style: SeriesStyle(color: Palette.sequential(Double(i) / Double(max(curves.count - 1, 1))), width: 1.2))
            }, legend: .below)
        func optimumPanel(_ isN: Bool) -> LineChart {
            let pts = w.profiles.compactMap { p -> (Double, Double)? in
                guard let n = p.vertexParameters, p.status == "accepted" else { return nil }
                return (p.budget6ND, isN ? n : p.budget6ND / (6 * n))
            }
            let a2 = w.approaches.first { $0.approach == 2 }
            let target = isN ? a2?.optimalParameters : a2?.optimalTokens
            var lines: [ReferenceLine] = []
            if let fit = try? PowerLawFit(x: pts.map(\.0), y: pts.map(\.1)) {
                lines.append(ReferenceLine(.powerLaw(coefficient: fit.coefficient, exponent: fit.exponent),
                                           label: String(format: "fit ∝ C^%.2f", fit.exponent), color: Palette.red))
            }
            let note = target.map { [Annotation(x: w.extrapolationBudget6ND, y: $0, text: (isN ? "N ≈ " : "D ≈ ") + CountFormat.short($0) + " at 100×")] } ?? []
            return LineChart(
                title: isN ? "compute-optimal parameters" : "compute-optimal tokens",
                subtitle: "approach 2, extrapolated to 100× the largest budget (compute as 6·N·D)",
                xAxis: Axis(label: "FLOPs (6·N·D)", scale: .log10), yAxis: Axis(label: isN ? "parameters" : "tokens", scale: .log10),
                series: [Series(name: w.world, x: pts.map(\.0), y: pts.map(\.1), style: SeriesStyle(color: Palette.blue, marker: .circle))],
                annotations: note, referenceLines: lines, legend: .below)
        }
        return FigureGrid(title: id, caption: "Simulated (first row; the report's scorecard gives a, b with bootstrap intervals for approaches 1-3) beside the reported readings (Hoffmann et al. 2022: a = b = 0.50; 67B and 1.5T at 5.76e23 FLOPs).",
                          panels: [lossPanel, optimumPanel(true), optimumPanel(false)] + ReportedFigures.panels(reported), columns: 3,
                          panelWidth: 460, panelHeight: 400).svg(id: id)
    }

    public func followUp(resultsDirectory: String) -> String? { "recite fit \(resultsDirectory)" }
}
