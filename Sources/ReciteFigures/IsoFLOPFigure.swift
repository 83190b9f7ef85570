// The isoFLOP profiles (Hoffmann et al. 2022, Appendix Fig. A2; seed 002): held-out loss against
// model size N at fixed compute budgets, on a web-like and a code-like world, and the
// loss-minimising N and D against FLOPs.
import Foundation
import ReciteAnalysis
import ReciteLab
import ReciteReport

/// Loss vs N per budget and world; optimal N and D vs C (approach 2).
public struct IsoFLOPFigure: Figure {
    /// Options of the scaling fits (bootstrap replicates, starting grid).
    public var options: ScalingOptions

    public init(options: ScalingOptions = ScalingOptions()) { self.options = options }
    public var id: String { "isoflop" }
    public var published: PublishedCurve { .reported }

    /// Final loss vs N, one curve per (world, budget); series = budget.
    public func curves(_ rows: [ResultRow]) -> [Curve] {
        let finals = rows.atFinalCheckpoint.filter { $0.eval == .loss && $0.status == .ok && $0.value.isFinite }
        return Set(finals.map(\.world)).sorted().flatMap { world in
            Curve.grouped(finals.filter { $0.world == world }, series: \.budgetFlops, x: { Double($0.params) },
                          label: { String(format: "\(world): C = %.2g", $0) })
        }
    }

    /// Interior minima, falling minima and growing N_opt per world; code below web.
    public func claims(_ rows: [ResultRow]) -> [ShapeClaim] {
        guard let worlds = try? ScalingResults.analyse(rows, options: options), !worlds.isEmpty else {
            return [ShapeClaim(figure: id, key: "fits-run", claim: "the scaling fits run", measured: "no fit", expected: "fits", passed: false)]
        }
        return worlds.flatMap { ScalingClaims.profiles($0, figure: id) } + (ScalingClaims.codeBelowWeb(worlds, figure: id).map { [$0] } ?? [])
    }

    /// Reported budgets ↔ simulated budgets by rank, C4 ↔ web and GitHub ↔ code; the order of the
    /// budgets' losses at the smallest and at the largest model.
    public func agreement(_ rows: [ResultRow], reported: [ReportedSeries]) -> [Agreement] {
        let finals = ScalingResults.finalLoss(rows)
        var out: [Agreement] = []
        for (panel, world) in [("C4 loss", "web"), ("GitHub loss", "code")] {
            let rep = reported.filter { $0.panel == panel }.sorted { Agreement.sizeValue($0.series) < Agreement.sizeValue($1.series) }
            guard let sim = finals[world], !rep.isEmpty else { continue }
            let budgets = sim.keys.sorted()
            guard budgets.count == rep.count else { continue }
            for (label, pickLargest) in [("smallest", false), ("largest", true)] {
                let r: [Double] = rep.compactMap { series -> Double? in
                    let pts = series.points.sorted { $0.x < $1.x }
                    return pickLargest ? pts.last?.y : pts.first?.y
                }
                let s: [Double] = budgets.compactMap { c -> Double? in
                    let pts = sim[c]!.sorted { $0.n < $1.n }
                    return pickLargest ? pts.last?.loss : pts.first?.loss
                }
                guard r.count == s.count, r.count >= 3 else { continue }
                out.append(Agreement(what: "\(world) ↔ \(panel): budget order at the \(label) model", statistic: "Spearman",
                                     value: Comparison.spearman(s, r), points: r.count))
            }
        }
        return out
    }

    public func svg(_ rows: [ResultRow], reported: [ReportedSeries]) -> String {
        let data = ScalingResults.finalLoss(rows)
        let worlds = (try? ScalingResults.analyse(rows, options: options)) ?? []
        var panels: [LineChart] = data.keys.sorted().reversed().map { world in
            let budgets = data[world]!.keys.sorted()
            return LineChart(
                title: "\(world): held-out loss vs parameters", subtitle: ScalingResults.flopNote,
                xAxis: Axis(label: "parameters N (simulated)", scale: .log10), yAxis: Axis(label: "held-out loss (nats/token)"),
                series: budgets.enumerated().map { i, c in
                    let pts = data[world]![c]!.sorted { $0.n < $1.n }
                    return Series(name: String(format: "C = %.2g", c), x: pts.map(\.n), y: pts.map(\.loss),
                                  style: SeriesStyle(color: Palette.sequential(Double(i) / Double(max(budgets.count - 1, 1))), marker: .circle))
                },
                referenceLines: worlds.first { $0.world == world }.map { [ReferenceLine(.horizontal(y: $0.entropyFloor), label: "entropy floor", color: RGBColor(hex: 0x888888), dash: .dashed)] } ?? [],
                legend: .below)
        }
        for (quantity, title) in [("N", "loss-minimising N vs FLOPs"), ("D", "loss-minimising tokens vs FLOPs")] {
            var series: [ReciteReport.Series] = [], lines: [ReferenceLine] = []
            for (i, w) in worlds.enumerated() {
                let pts = w.profiles.compactMap { p -> (Double, Double)? in
                    guard let n = p.vertexParameters, p.status == "accepted" else { return nil }
                    return (p.budget, quantity == "N" ? n : p.budget / (6 * n) * w.computeRatio)
                }
                guard pts.count >= 2 else { continue }
                let color = Palette.categorical[i % Palette.categorical.count]
                series.append(Series(name: w.world, x: pts.map(\.0), y: pts.map(\.1), style: SeriesStyle(color: color, dash: .dashed, marker: .circle)))
                if let fit = try? PowerLawFit(x: pts.map(\.0), y: pts.map(\.1)) {
                    lines.append(ReferenceLine(.powerLaw(coefficient: fit.coefficient, exponent: fit.exponent),
                                               label: String(format: "%@ fit: ∝ C^%.2f", w.world, fit.exponent), color: color))
                }
            }
            panels.append(LineChart(title: title, subtitle: "approach 2 (parabola vertices); " + ScalingResults.flopNote,
                                    xAxis: Axis(label: "FLOPs (simulated)", scale: .log10),
                                    yAxis: Axis(label: quantity == "N" ? "parameters" : "tokens", scale: .log10),
                                    series: series, referenceLines: lines, legend: .below))
        }
        return FigureGrid(title: id, caption: "Simulated (first row) beside the reported readings. Held-out loss at the end of each run (the exact expectation over the language where evals.held_out_estimate is exact, as committed; else on sampled fresh text); every run spends its whole budget in one pass over fresh text.",
                          panels: panels + ReportedFigures.panels(reported), columns: 2).svg(id: id)
    }

    public func followUp(resultsDirectory: String) -> String? { "recite fit \(resultsDirectory)" }
}
