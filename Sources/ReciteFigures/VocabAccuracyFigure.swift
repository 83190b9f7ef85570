// Accuracy vs training batches at a large vocabulary (seed 003): top1 at 5 checkpoints for 3 model
// sizes in the published ratio 1 : 3.7 : 6.9 (350M, 1.3B, 2.4B).
import Foundation
import ReciteAnalysis
import ReciteLab
import ReciteReport

/// top1 vs training batches, one series per model size.
public struct VocabAccuracyFigure: Figure {
    public init() {}
    public let id = "vocab-accuracy"
    public var published: PublishedCurve { .reported }

    /// top1 at every checkpoint vs training batches (steps), one curve per size.
    public func curves(_ rows: [ResultRow]) -> [Curve] {
        Curve.grouped(rows.filter { $0.eval == "top1" && $0.status == "ok" && $0.value.isFinite },
                      series: { Double($0.params) }, x: { Double($0.step) }, label: { "N = " + CountFormat.short($0) })
    }

    public func claims(_ rows: [ResultRow]) -> [ShapeClaim] { VocabAccuracyClaims.accuracy(curves(rows), figure: id) }

    /// Reported sizes (350M < 1.3B < 2.4B) ↔ simulated sizes by rank; the i-th reported checkpoint ↔
    /// the i-th simulated one.
    public func agreement(_ rows: [ResultRow], reported: [ReportedSeries]) -> [Agreement] {
        let sim = curves(rows).sorted { $0.series < $1.series }
        let rep = reported.sorted { Agreement.sizeValue($0.series) < Agreement.sizeValue($1.series) }
        guard sim.count == rep.count, !sim.isEmpty else { return [] }
        var out: [Agreement] = []
        let xs = Set(rep.flatMap { $0.points.map(\.x) }).sorted()
        for (i, x) in xs.enumerated() {
            let r = rep.compactMap { s in s.points.first { $0.x == x }?.y }
            let s = sim.compactMap { c in i < c.mean.count ? c.mean[i] : nil }
            guard r.count == s.count, r.count >= 3 else { continue }
            out.append(Agreement(what: "size order at \(Int(x)) batches (simulated checkpoint \(i + 1))", statistic: "Spearman",
                                 value: Comparison.spearman(s, r), points: r.count))
        }
        for (c, s) in zip(sim, rep) {
            let r = s.points.sorted { $0.x < $1.x }.map(\.y)
            let y = Array(c.mean.prefix(r.count))
            guard y.count == r.count, r.count >= 3 else { continue }
            out.append(Agreement(what: "\(s.series) ↔ \(c.label) over batches", statistic: "Pearson after affine map",
                                 value: Comparison.affineMap(from: y, to: r).map(Agreement.signedPearson), points: r.count))
        }
        return out
    }

    public func svg(_ rows: [ResultRow], reported: [ReportedSeries]) -> String {
        let curves = curves(rows)
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
        return FigureGrid(title: id, caption: "Simulated model sizes are in the published ratio 1 : 3.7 : 6.9 (350M, 1.3B, 2.4B).",
                          panels: [sim] + ReportedFigures.panels(reported), columns: 2).svg(id: id)
    }
}
