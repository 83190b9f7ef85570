// The recurrence figures' shape claims from real training: one recurrent-depth model with seed 31
// (used by no committed result), 100k tokens at 5 checkpoints, every checkpoint read at r = 1…64.
// If the sampler, the truncated backward or the task changes so that the shapes no longer emerge,
// this fails. It trains the depth-1 task (the quick scale until 2026-12-02, on its block of 192):
// the committed depth-2 task needs about 3M tokens (80 CPU-s a seed), and a single seed's 1 Rec
// reads 3.6-6.2 points from chance there against the claim's 6 (docs/calibration.md, "recurrent
// depth"), so one seed would test the seed rather than the mechanism.
import Foundation
import ReciteAnalysis
import ReciteFigures
import ReciteLab
import Testing

@Suite("Recurrence figure shapes (one unseen seed, shorter run)", .serialized)
struct RecurrenceShapeTests {
    @Test("mc and exact by test-time r: 1 Rec at chance, ordered, saturated at high r, widening gap")
    func shapes() throws {
        let rows = try train("recurrence.yaml", ["seed=31", "pointer_chase.depth=1", "model.context=9",
                                                 "model.recurrent.state_width=192", "data.tokens_trained=100000",
                                                 "training.checkpoints=5", "evals.questions=300"])
        for figure in [RecurrenceMultipleChoice() as any Figure, RecurrenceExactMatch()] {
            let claims = figure.claims(rows)
            report(claims)
            #expect(claims.count == 5)
            for c in claims where !c.id.hasSuffix("16-below-32-64-at-end") { #expect(c.passed, "\(c.id): \(c.measured)") }
            // Known: our curves saturate at r ≈ 8, below r̄ (docs/calibration.md, "recurrent depth").
            for c in claims where c.id.hasSuffix("16-below-32-64-at-end") {
                withKnownIssue("saturation before r̄: 16 Rec ends level with 32 and 64", isIntermittent: true) { #expect(c.passed, "\(c.id): \(c.measured)") }
            }
        }
    }
}
