// The comparison section on hand-made rows: six panels from the three sweeps' rows, notes whose
// numbers are the rows' (shared D values, where 1 Rec sits, saturation depth, what data adds),
// nothing when no sweep has rows, and a note that changes when the rows change.
import Foundation
import ReciteAnalysis
import ReciteLab
import ReciteReport
import Testing
@testable import ReciteFigures

@Suite struct MechanismComparisonTests {
    static let rs = [1, 4, 8, 16, 32, 64]

    /// Recurrence rows: one run per seed, 8 checkpoints of 20k tokens; mc saturates at `saturation`.
    static func recurrence(saturation: Int = 8) -> [ResultRow] {
        var out: [ResultRow] = []
        for s in 1...2 { for t in 1...8 { for r in rs {
            let mc = r == 1 ? 0.25 : 0.25 + 0.7 * min(1, Double(r) / Double(saturation)) * Double(t) / 8
            for (eval, v) in [(EvalKind.mc, mc), (.exact, max(0, mc - 0.25)), (.loss, r == 1 ? 1.5 + 0.2 * Double(t) : 2 - 0.2 * Double(t))] {
                var row = Rows.row(run: "rec-s\(s)", seed: s, tokens: 20_000 * t, eval: eval, value: v)
                row.recurrences = r
                out.append(row)
            }
        } } }
        return out
    }

    static func recitation(_ eval: EvalKind) -> [ResultRow] {
        var values: [Int: [Double]] = [:]
        for r in rs { values[r] = (0..<8).map { i in 0.25 + 0.005 * Double(r) * (1 + Double(i) / 8) } }
        return Rows.recitation(eval: eval, values)
    }

    @Test func sectionIsBuiltFromTheRows() throws {
        let inputs = MechanismComparison.Inputs(recitationMC: Self.recitation(.mc), recitationExact: Self.recitation(.exact),
                                                recurrence: Self.recurrence(), trainedMean: 32)
        let s = try #require(MechanismComparison.section(inputs))
        #expect(s.figure == "mechanisms" && s.htmlID == "fig-mechanisms")
        #expect(s.svg.contains("<svg"))
        #expect(s.svg.components(separatedBy: "Recurrence: ").count - 1 == 2, "one recurrence panel per eval")
        #expect(s.svg.components(separatedBy: "Recitation: ").count - 1 == 4)
        // Recurrence: six series at the same 8 checkpoints. Recitation (U = 1000…8000, R = 1…64):
        // no D shared by all six series.
        #expect(s.notes.contains("all 6 series sit at the same 8 D values"))
        #expect(s.notes.contains("at 0 all together"))
        #expect(s.notes.contains("every r ≥ 8 is within 1 point"))
        #expect(s.notes.contains("r̄ = 32"))
        #expect(s.notes.contains("1.70 → 3.10 nats"), "the r = 1 loss from the rows: \(s.notes)")
        // In the report: its own section, the chart inlined, one paragraph per note.
        let html = ReportPage(title: "t", sections: [s]).html()
        #expect(html.contains("<section class=\"figure\" id=\"fig-mechanisms\">"))
        #expect(html.components(separatedBy: "<p class=\"notes\">").count - 1 == 4)
        // The saturation note follows the rows.
        let later = MechanismComparison.section(.init(recitationMC: [], recitationExact: [], recurrence: Self.recurrence(saturation: 32)))
        #expect(try #require(later).notes.contains("every r ≥ 32 is within 1 point"))
    }

    @Test func noRowsNoSection() {
        #expect(MechanismComparison.section(.init(recitationMC: [], recitationExact: [], recurrence: [])) == nil)
    }

    @Test func sharedXAndSaturationOnTheirOwn() {
        let a = Curve(series: 1, label: "1 Rec", x: [1, 2, 4], mean: [0.2, 0.3, 0.4], spread: [0, 0, 0], count: [1, 1, 1])
        let b = Curve(series: 4, label: "4 Rec", x: [4, 8, 16], mean: [0.5, 0.6, 0.7], spread: [0, 0, 0], count: [1, 1, 1])
        let c = Curve(series: 8, label: "8 Rec", x: [8, 16, 32], mean: [0.5, 0.6, 0.695], spread: [0, 0, 0], count: [1, 1, 1])
        #expect(MechanismComparison.sharedX([a, b, c]).isEmpty)
        #expect(MechanismComparison.pairwiseSharedX([a, b, c]) == [4, 8, 16])
        #expect(MechanismComparison.saturationDepth([a, b, c]) == 4)
        #expect(MechanismComparison.saturationDepth([a, c], tolerance: 0.001) == 8)
        #expect(abs(MechanismComparison.maxGap(b, c) - 0.1) < 1e-12, "at the shared x = 8 and 16")
    }
}
