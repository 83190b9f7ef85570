// The same published figure (Geiping et al. 2025, Fig. 8) made by both mechanisms, side by side:
// data recitation on unique tokens U and on tokens trained D = U·R, and test-time recurrence on
// tokens trained. Everything drawn or quoted comes from the rows of the three sweeps
// (recitation-mc, recitation-exact, recurrence); the notes are the differences a teacher can read
// off the curves, each with the numbers measured on these rows.
import Foundation
import ReciteAnalysis
import ReciteLab
import ReciteReport

/// The comparison of data recitation and test-time recurrence on the published figure.
public enum MechanismComparison {
    /// The report section's figure id (its HTML id is `fig-mechanisms`).
    public static let id = "mechanisms"

    /// The rows the comparison needs: each sweep's finished rows (empty when not run).
    public struct Inputs: Sendable {
        public var recitationMC: [ResultRow]
        public var recitationExact: [ResultRow]
        public var recurrence: [ResultRow]
        /// The training mean r̄ of the recurrence experiment (nil when unknown).
        public var trainedMean: Double?

        public init(recitationMC: [ResultRow], recitationExact: [ResultRow], recurrence: [ResultRow], trainedMean: Double? = nil) {
            self.recitationMC = recitationMC
            self.recitationExact = recitationExact
            self.recurrence = recurrence
            self.trainedMean = trainedMean
        }
    }

    /// The rows of the experiments in `entries` that make recitation-mc, recitation-exact and the
    /// recurrence figures, from `<resultsRoot>/<stem><suffix>` (as `recite reproduce` lays them out).
    public static func inputs(entries: [CatalogEntry], resultsRoot: String, suffix: String = "") -> Inputs {
        func rows(making figure: String) -> (rows: [ResultRow], file: String?) {
            guard let e = entries.first(where: { $0.figures.contains { $0.id == figure } }) else { return ([], nil) }
            let store = ResultsStore(directory: "\(resultsRoot)/\(e.stem)\(suffix)")
            return ((try? store.rows()) ?? [], e.file)
        }
        let rec = rows(making: RecurrenceMultipleChoice().id)
        let mean = rec.file.flatMap { try? ExperimentLoader.load(file: $0).first?.experiment.model.recurrent?.meanRecurrence } ?? nil
        return Inputs(recitationMC: rows(making: RecitationMultipleChoice().id).rows,
                      recitationExact: rows(making: RecitationExactMatch().id).rows,
                      recurrence: rec.rows, trainedMean: mean)
    }

    /// The report section (nil when neither mechanism has rows), with its chart also written to
    /// `<resultsRoot>/mechanisms.svg`. `recite reproduce` appends it after the figures.
    public static func writeSection(entries: [CatalogEntry], resultsRoot: String, suffix: String = "") throws -> FigureSection? {
        guard let s = section(inputs(entries: entries, resultsRoot: resultsRoot, suffix: suffix)) else { return nil }
        try AtomicFile.write(s.svg, to: "\(resultsRoot)/\(id).svg")
        return s
    }

    /// The section from rows: six panels (mc and exact × recitation on U, recitation on D,
    /// recurrence on D) and the notes; nil when neither mechanism has rows.
    public static func section(_ inputs: Inputs) -> FigureSection? {
        let mc = Panels(inputs, eval: .mc), exact = Panels(inputs, eval: .exact)
        guard mc.hasRows || exact.hasRows else { return nil }
        let grid = FigureGrid(
            title: "The same figure by two mechanisms: data recitation (left, middle) and test-time recurrence (right)",
            caption: "Left: recitation against unique tokens U (each series is its own run). Middle: the same runs against tokens trained "
                + "D = U·R, the published axis. Right: one recurrent-depth model per seed, read at r applications of its block, "
                + "against tokens trained. Bands: ±1 sd over seeds. All curves from the sweeps' rows.",
            panels: mc.charts + exact.charts, columns: 3, panelWidth: 470, panelHeight: 400)
        return FigureSection(
            figure: id, heading: "Data recitation beside test-time recurrence: how to tell them apart",
            svg: grid.svg(id: id), command: "recite reproduce (the section is built from results/recitation-mc, results/recitation-exact and results/recurrence)",
            notes: notes(mc: mc, exact: exact, trainedMean: inputs.trainedMean))
    }

    /// The curves of one eval under both mechanisms.
    struct Panels {
        var eval: EvalKind
        var recitationU: [Curve]
        var recitationD: [Curve]
        var recurrence: [Curve]
        var recurrenceLoss: [Curve]
        var chance: Double

        init(_ inputs: Inputs, eval: EvalKind) {
            self.eval = eval
            let recitation = eval == .mc ? RecitationMultipleChoice().shared : RecitationExactMatch().shared
            let rows = eval == .mc ? inputs.recitationMC : inputs.recitationExact
            recitationU = recitation.curves(rows)
            recitationD = recitation.curvesOnTokensTrained(rows)
            let rec = eval == .mc ? RecurrenceMultipleChoice().shared : RecurrenceExactMatch().shared
            recurrence = rec.curves(inputs.recurrence)
            recurrenceLoss = RecurrenceFigure(id: "", eval: .loss, title: "", yLabel: "", chance: 0).curves(inputs.recurrence)
            chance = rec.chance
        }

        var hasRows: Bool { !recitationU.isEmpty || !recurrence.isEmpty }
        var name: String { eval == .mc ? "multiple choice" : "exact" }
        var yLabel: String { eval == .mc ? "mc accuracy (%), chance 25" : "exact (%), chance ≈ 0" }

        var charts: [LineChart] {
            [chart("Recitation: \(name) vs unique tokens U", x: "unique tokens U (simulated)", log: false, recitationU,
                   chance: eval == .mc ? 0.25 : nil),
             chart("Recitation: \(name) vs tokens trained D = U·R", x: "tokens trained D (log scale)", log: true, recitationD,
                   chance: eval == .mc ? 0.25 : nil),
             chart("Recurrence: \(name) vs tokens trained", x: "tokens trained (checkpoints of one run)", log: false, recurrence,
                   chance: chance)]
        }

        func chart(_ title: String, x: String, log: Bool, _ curves: [Curve], chance: Double?) -> LineChart {
            RecCurveChart.make(title: title, subtitle: curves.isEmpty ? "no rows: run the sweep" : "",
                               xAxis: Axis(label: x, scale: log ? .log10 : .linear), yLabel: yLabel, curves, chance: chance)
        }
    }

    // MARK: - What the curves show (measured)

    static func pct(_ v: Double) -> String { String(format: "%.1f", 100 * v) }
    static func curve(_ curves: [Curve], _ r: Double) -> Curve? { curves.first { $0.series == r } }

    /// The x values every series has a point at.
    static func sharedX(_ curves: [Curve]) -> [Double] {
        guard var common = curves.first.map({ Set($0.x) }) else { return [] }
        for c in curves.dropFirst() { common.formIntersection(c.x) }
        return common.sorted()
    }

    /// The x values at which at least two series have a point.
    static func pairwiseSharedX(_ curves: [Curve]) -> [Double] {
        var seen: [Double: Int] = [:]
        for c in curves { for x in Set(c.x) { seen[x, default: 0] += 1 } }
        return seen.filter { $0.value >= 2 }.keys.sorted()
    }

    /// The smallest test-time r whose last-checkpoint score is within `tolerance` of the best one.
    static func saturationDepth(_ curves: [Curve], tolerance: Double = 0.01) -> Double? {
        guard let best = curves.map(\.last).max() else { return nil }
        return curves.sorted { $0.series < $1.series }.first { best - $0.last <= tolerance }?.series
    }

    /// The largest gap between two series over the x values they share, from `fromIndex` on.
    static func maxGap(_ a: Curve, _ b: Curve, fromIndex: Int = 0) -> Double {
        var gap = 0.0
        for (i, x) in a.x.enumerated() where i >= fromIndex {
            if let j = b.x.firstIndex(of: x) { gap = max(gap, abs(a.mean[i] - b.mean[j])) }
        }
        return gap
    }

    /// "1 Rec 28.5 → 29.4, 64 Rec 49.1 → 79.1": first and last point of each series.
    static func firstToLast(_ curves: [Curve]) -> String {
        curves.map { "\($0.label) \(pct($0.first)) → \(pct($0.last))" }.joined(separator: ", ")
    }

    static func range(_ c: Curve) -> String {
        let lo = c.mean.min() ?? .nan, hi = c.mean.max() ?? .nan
        return lo == hi ? pct(lo) + "%" : "\(pct(lo))–\(pct(hi))%"
    }

    /// The teacher's notes, one paragraph each, every number from the curves.
    static func notes(mc: Panels, exact: Panels, trainedMean: Double?) -> String {
        var out: [String] = []
        let r̄ = trainedMean.map { String(format: "r̄ = %g", $0) } ?? "the trained mean r̄"
        // 1. Who shares an x on the tokens-trained axis.
        if !mc.recitationD.isEmpty || !mc.recurrence.isEmpty {
            var p = "What a series costs, read on the tokens-trained axis. "
            if !mc.recitationD.isEmpty {
                let ranges = mc.recitationD.map { "\($0.label) D = \(CountFormat.short($0.x.first ?? 0))–\(CountFormat.short($0.x.last ?? 0))" }
                p += "Data recitation: each series covers its own range of D (\(ranges.joined(separator: ", "))); "
                    + "the series meet at \(pairwiseSharedX(mc.recitationD).count) D values in pairs and at \(sharedX(mc.recitationD).count) all together, "
                    + "because R = 64 trains on 64× the tokens of R = 1 at each U. "
            }
            if !mc.recurrence.isEmpty {
                p += "Test-time recurrence: all \(mc.recurrence.count) series sit at the same \(sharedX(mc.recurrence).count) D values "
                    + "(the checkpoints of one run), because every series is the same training; only the test-time compute differs "
                    + "(2·r·D_state² FLOPs per token in the block). If every series has a point at every x of the tokens-trained axis, it is recurrence."
            }
            out.append(p)
        }
        // 2. Where 1 Rec sits, and why.
        var p = "Where 1 Rec sits. "
        if let one = curve(mc.recitationU, 1) {
            p += "Recitation 1 Rec: \(range(one)) mc over U (chance 25%), a few points above chance because facts with common values "
                + "need almost no exposure; it is a model trained for one pass, read as trained"
            if let e = curve(exact.recitationU, 1) { p += " (exact \(range(e)))" }
            p += ". "
        }
        if let one = curve(mc.recurrence, 1) {
            p += "Recurrence 1 Rec: \(range(one)) mc over the checkpoints (chance 25%)"
            if let e = curve(exact.recurrence, 1) { p += ", exact \(range(e)) (chance ≈ 0)" }
            p += ": the model was trained with r drawn around \(r̄), so its coda reads a state that has had about that many "
                + "applications; after one, the state still carries the random initial state, a state the coda never saw in training."
            if let loss = curve(mc.recurrenceLoss, 1), let deep = mc.recurrenceLoss.last, loss.mean.count >= 2 {
                p += String(format: " Its held-out loss at r = 1 goes %.2f → %.2f nats over training (at r = %d: %.2f → %.2f): ",
                            loss.first, loss.last, Int(deep.series), deep.first, deep.last)
                p += loss.last > loss.first ? "reading a model at a depth it was not trained for gets worse as the model grows confident."
                    : "it does not improve with training."
            }
        }
        out.append(p)
        // 3. Saturation.
        p = "Where the curves saturate. "
        if let s = saturationDepth(mc.recurrence) {
            let sx = saturationDepth(exact.recurrence)
            p += "Recurrence: at the last checkpoint every r ≥ \(Int(s)) is within 1 point of the best mc"
                + (sx.map { " (exact: r ≥ \(Int($0)))" } ?? "")
                + "; the published curves saturate near the trained mean \(r̄). Ours saturate at the number of applications the learned "
                + "computation needs (a fixed point of the block), which this task reaches below \(r̄)"
            if let a = curve(mc.recurrence, 16), let b = curve(mc.recurrence, 64) {
                p += "; 16 and 64 Rec differ by at most \(pct(maxGap(a, b, fromIndex: a.x.count / 2))) points over the second half of training"
            }
            p += ". "
        }
        if let a = curve(mc.recitationU, 32), let b = curve(mc.recitationU, 64) {
            p += "Recitation: 32 and 64 Rec are separate runs; at the largest U they score \(pct(a.last)) and \(pct(b.last)) "
                + "(largest gap over U \(pct(maxGap(a, b))) points): a series saturates where every covered fact has crossed its exposure threshold, "
                + "a property of U" + (b.last < a.last ? "; here 64 ends below 32." : ".")
        }
        out.append(p)
        // 4. Adding data.
        p = "What adding data does. "
        if !mc.recitationU.isEmpty {
            p += "Recitation, from the smallest to the largest U (mc): \(firstToLast(mc.recitationU)). More unique tokens bring more facts "
                + "into the corpus, and only the series with enough exposures per fact can score on them. "
        }
        if !mc.recurrence.isEmpty {
            p += "Recurrence, from the first to the last checkpoint (mc): \(firstToLast(mc.recurrence)). More tokens trained improve "
                + "every r above the depth the computation needs at once, and leave r = 1 where it is."
        }
        out.append(p)
        return out.map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: "\n\n")
    }
}
