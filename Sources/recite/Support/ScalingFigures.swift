// The three scaling-law figures: isoFLOP profiles (seed 002), compute-optimal fits (seed 004) and
// accuracy vs batches at V = 40,960 (seed 003), each beside the reported readings.
import Foundation
import ReciteAnalysis
import ReciteLab
import ReciteReport

enum ScalingFigures {
    static let flopNote = "simulated FLOPs; published budgets 1e19–1e21 mapped by ratio (1 : 10 : 60 : 100)"

    static func reportedPanels(_ figure: String, _ dir: String) -> [LineChart] {
        (try? ReportedCurves.load(figure: figure, directory: dir)).map { ReportedFigures.panels($0) } ?? []
    }

    /// Final-checkpoint loss per (world, budget, parameters).
    static func finalLoss(_ rows: [ResultRow]) -> [String: [Double: [(n: Double, loss: Double)]]] {
        var last: [String: Int] = [:]
        for r in rows { last[r.run] = max(last[r.run] ?? 0, r.tokensTrained) }
        var out: [String: [Double: [(n: Double, loss: Double)]]] = [:]
        for r in rows where r.eval == "loss" && r.status == "ok" && r.tokensTrained == last[r.run] {
            out[r.world, default: [:]][r.budgetFlops, default: []].append((Double(r.params), r.value))
        }
        return out
    }

    static func isoflop(_ rows: [ResultRow], reported dir: String) -> String {
        let data = finalLoss(rows)
        let worlds = (try? Scaling.analyse(rows)) ?? []
        var panels: [LineChart] = data.keys.sorted().reversed().map { world in
            let budgets = data[world]!.keys.sorted()
            return LineChart(
                title: "\(world): held-out loss vs parameters", subtitle: flopNote,
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
            panels.append(LineChart(title: title, subtitle: "approach 2 (parabola vertices); " + flopNote,
                                    xAxis: Axis(label: "FLOPs (simulated)", scale: .log10),
                                    yAxis: Axis(label: quantity == "N" ? "parameters" : "tokens", scale: .log10),
                                    series: series, referenceLines: lines, legend: .below))
        }
        return FigureGrid(title: "isoflop", caption: "Simulated (first row) beside the reported readings. Loss at the end of each run; every run spends its whole budget in one pass over fresh text.",
                          panels: panels + reportedPanels("isoflop", dir), columns: 2).svg(id: "isoflop")
    }

    static func computeOptimal(_ rows: [ResultRow], reported dir: String) -> String {
        let worlds = (try? Scaling.analyse(rows)) ?? []
        guard let w = worlds.first(where: { $0.world == "web" }) ?? worlds.first else { return "" }
        // One trajectory per size: the checkpoints of its largest-budget run (mixing runs with
        // different cosine schedules would zig-zag).
        var largest: [Int: Double] = [:]
        for r in rows where r.world == w.world { largest[r.params] = max(largest[r.params] ?? 0, r.budgetFlops) }
        var curves: [Double: [(Double, Double)]] = [:]
        for r in rows where r.eval == "loss" && r.status == "ok" && r.world == w.world && r.budgetFlops == largest[r.params] {
            curves[Double(r.params), default: []].append((r.flops, r.value))
        }
        let sizes = curves.keys.sorted()
        let lossPanel = LineChart(
            title: "\(w.world): loss vs FLOPs by model size", subtitle: "checkpoints of each size's largest-budget run; " + flopNote,
            xAxis: Axis(label: "FLOPs (simulated)", scale: .log10), yAxis: Axis(label: "held-out loss (nats/token)"),
            series: sizes.enumerated().map { i, n in
                let pts = curves[n]!.sorted { $0.0 < $1.0 }
                return Series(name: "N = " + ProgressFormat.count(n), x: pts.map(\.0), y: pts.map(\.1),
                              style: SeriesStyle(color: Palette.sequential(Double(i) / Double(max(sizes.count - 1, 1))), width: 1.2))
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
            let note = target.map { [Annotation(x: w.extrapolationBudget6ND, y: $0, text: (isN ? "N ≈ " : "D ≈ ") + ProgressFormat.count($0) + " at 100×")] } ?? []
            return LineChart(
                title: isN ? "compute-optimal parameters" : "compute-optimal tokens",
                subtitle: "approach 2, extrapolated to 100× the largest budget (compute as 6·N·D)",
                xAxis: Axis(label: "FLOPs (6·N·D)", scale: .log10), yAxis: Axis(label: isN ? "parameters" : "tokens", scale: .log10),
                series: [Series(name: w.world, x: pts.map(\.0), y: pts.map(\.1), style: SeriesStyle(color: Palette.blue, marker: .circle))],
                annotations: note, referenceLines: lines, legend: .below)
        }
        return FigureGrid(title: "compute-optimal", caption: "Simulated (first row; the report's scorecard gives a, b with bootstrap intervals for approaches 1-3) beside the reported readings (Hoffmann et al. 2022: a = b = 0.50; 67B and 1.5T at 5.76e23 FLOPs).",
                          panels: [lossPanel, optimumPanel(true), optimumPanel(false)] + reportedPanels("compute-optimal", dir), columns: 3,
                          panelWidth: 460, panelHeight: 400).svg(id: "compute-optimal")
    }

    static func vocabAccuracy(_ rows: [ResultRow], reported dir: String) -> String {
        let curves = Scaling.accuracyCurves(rows)
        let markers: [Marker] = [.circle, .diamond, .square]
        let colors = [Palette.darkBlue, Palette.lightBlue, Palette.orange]
        let sim = LineChart(
            title: "top1 vs training batches, V = 40,960",
            subtitle: "simulated batches of 64 tokens; published 20k–100k batches of ≈2M tokens mapped by ratio 1:2:3:4:5",
            xAxis: Axis(label: "training batches (simulated)"), yAxis: Axis(label: "top-1 accuracy (%)"),
            series: curves.enumerated().map { i, c in
                Series(name: c.label, x: c.x, y: c.mean.map { 100 * $0 },
                       style: SeriesStyle(color: colors[i % 3], marker: markers[i % 3]))
            }, legend: .below)
        return FigureGrid(title: "vocab-accuracy", caption: "Simulated model sizes are in the published ratio 1 : 3.7 : 6.9 (350M, 1.3B, 2.4B).",
                          panels: [sim] + reportedPanels("vocab-accuracy", dir), columns: 2).svg(id: "vocab-accuracy")
    }
}
