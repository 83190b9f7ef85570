// The published recurrent-depth figures (seeds 000 and 001) made by the published mechanism:
// TEST-TIME RECURRENCE. One recurrent-depth model per seed, trained with r ~ Poisson(λ) + 1,
// λ ~ LogNormal(log r̄ − σ²/2, σ), on the pointer-chasing task; every checkpoint evaluated at
// r = 1, 4, 8, 16, 32, 64. Score against tokens trained, as published; series = test-time r.
import Foundation
import ReciteAnalysis
import ReciteLab
import ReciteReport

/// What "Rec" means in these two figures.
public enum RecurrenceNote {
    public static let text = "“Rec” here counts test-time recurrences r of one weight-tied block, as in the published figure: every series is the same trained model, read after r applications. Not data recitation."
}

/// Curves, agreement and chart of a recurrence figure of `eval`; each figure adds its own claims.
struct RecurrenceFigure: Sendable {
    var id: String
    var eval: EvalKind
    var title: String
    var yLabel: String
    var chance: Double

    /// `eval` at every checkpoint vs tokens trained, one curve per test-time r (mean ± sd over seeds).
    func curves(_ rows: [ResultRow]) -> [Curve] {
        Curve.grouped(rows.filter { $0.eval == eval && $0.status == .ok && $0.value.isFinite && $0.recurrences > 0 },
                      series: { Double($0.recurrences) }, x: { Double($0.tokensTrained) }, label: { "\(Int($0)) Rec" })
    }

    func svg(_ rows: [ResultRow], reported: [ReportedSeries]) -> String {
        let curves = curves(rows)
        let sim = LineChart(
            title: title,
            subtitle: "simulated: one model per seed, read at r test-time recurrences; published 100B–800B tokens ↔ checkpoints 1–8",
            xAxis: Axis(label: "tokens trained (simulated examples, pointer-chasing task)"),
            yAxis: Axis(label: yLabel, minimum: 0),
            series: curves.map { c in
                let band = c.band(scale: 100)
                return Series(name: c.label, x: c.x, y: c.mean.map { 100 * $0 }, low: band.low, high: band.high,
                              style: Palette.rec(Int(c.series)))
            },
            referenceLines: [ReferenceLine(.horizontal(y: 100 * chance), label: "chance", color: RGBColor(hex: 0x888888), dash: .dashed)],
            legend: .below)
        return FigureGrid(title: id, caption: "Bands: ±1 sd over seeds. " + RecurrenceNote.text,
                          panels: [sim] + ReportedFigures.panels(reported), columns: 2).svg(id: id)
    }

    func summary(_ rows: [ResultRow]) -> String {
        "\n\(id): \(eval) by test-time r, mean±sd over seeds (%), columns = tokens trained\n"
            + CurveTable.render(curves(rows), percent: true)
    }
}

/// mc (four roots offered, chance 25%) vs tokens trained, one series per test-time r.
public struct RecurrenceMultipleChoice: Figure {
    public init() {}
    public let id = "recurrence-mc"
    /// The readings of the same published figure as `recitation-mc`.
    public var published: PublishedCurve { .readingsOf("recitation-mc") }
    var shared: RecurrenceFigure {
        RecurrenceFigure(id: id, eval: .mc, title: "Simulated: multiple choice (mc) vs tokens, by test-time recurrences",
                         yLabel: "mc accuracy (%), chance 25", chance: 0.25)
    }
    public func curves(_ rows: [ResultRow]) -> [Curve] { shared.curves(rows) }
    public func claims(_ rows: [ResultRow]) -> [ShapeClaim] { RecurrenceClaims.multipleChoice(curves(rows), figure: id) }
    public func agreement(_ rows: [ResultRow], reported: [ReportedSeries]) -> [Agreement] {
        RecitationFigure.agreement(simulated: curves(rows), reported: reported)
    }
    public func svg(_ rows: [ResultRow], reported: [ReportedSeries]) -> String { shared.svg(rows, reported: reported) }
    public func summary(_ rows: [ResultRow]) -> String { shared.summary(rows) }
}

/// exact (the root of every non-root of a table, chance ≈ 0) vs tokens trained, one series per r.
public struct RecurrenceExactMatch: Figure {
    public init() {}
    public let id = "recurrence-exact"
    /// The readings of the same published figure as `recitation-exact`.
    public var published: PublishedCurve { .readingsOf("recitation-exact") }
    var shared: RecurrenceFigure {
        RecurrenceFigure(id: id, eval: .exact, title: "Simulated: exact (every root of a table) vs tokens, by test-time recurrences",
                         yLabel: "exact (%), chance ≈ 0", chance: 0)
    }
    public func curves(_ rows: [ResultRow]) -> [Curve] { shared.curves(rows) }
    public func claims(_ rows: [ResultRow]) -> [ShapeClaim] { RecurrenceClaims.exactMatch(curves(rows), figure: id) }
    public func agreement(_ rows: [ResultRow], reported: [ReportedSeries]) -> [Agreement] {
        RecitationFigure.agreement(simulated: curves(rows), reported: reported)
    }
    public func svg(_ rows: [ResultRow], reported: [ReportedSeries]) -> String { shared.svg(rows, reported: reported) }
    public func summary(_ rows: [ResultRow]) -> String { shared.summary(rows) }
}
