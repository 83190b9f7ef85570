// The recitation figures' shape claims, from real training on reduced grids (3 of the 8 unique-token
// points, all six Rec series) with seeds 11 and 12, which no committed result uses. If a mechanism
// changes so that a shape no longer emerges, these fail.
import Foundation
import ReciteAnalysis
import ReciteCore
import ReciteFigures
import ReciteLab
import Testing

/// The repository root (for the committed experiment files).
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

/// Trains every run of `file`'s grid with `overrides`, sequentially, one thread per run.
func train(_ file: String, _ overrides: [String]) throws -> [ResultRow] {
    let runs = try ExperimentLoader.load(file: "\(repositoryRoot)/experiments/\(file)", overrides: overrides)
    return try runs.flatMap { try RunExecutor.execute($0).rows }
}

func report(_ claims: [ShapeClaim]) {
    for c in claims { print("\(c.passed ? "PASS" : "FAIL") \(c.id): \(c.claim): \(c.measured)") }
}

@Suite("Recitation figure shapes (reduced grids, unseen seeds)", .serialized)
struct RecitationShapeTests {
    @Test("mc: all ten claims, the published features included (key families), on unseen seeds")
    func multipleChoiceShapes() throws {
        let rows = try train("recitation-mc.yaml", ["seed=[11,12]", "data.unique_tokens=[1152,4608,9216]"])
        let figure = RecitationMultipleChoice()
        let curves = figure.curves(rows)
        #expect(curves.map(\.series) == [1, 4, 8, 16, 32, 64])
        #expect(curves.allSatisfy { $0.count.allSatisfy { $0 == 2 } })
        let claims = figure.claims(rows)
        report(claims)
        #expect(claims.count == 10)
        // On seeds 11 and 12 every claim holds. Known to be fragile (docs/calibration.md,
        // "Robustness"): chance-at-1-rec holds here with 0.1 point to spare (5.9 of 6.0; a world's
        // question sample moves 1 Rec by ±3 points) and fails on half the robustness perturbations;
        // fan-at-smallest-u and 64-rec-highest-at-start fail where 32 and 64 Rec meet at 1x (lr ×2,
        // some seeds). Known failures on this grid: none.
        let holding = ["chance-at-1-rec", "order-at-largest-u", "rise-for-r-8-and-up", "saturation-32-64", "lift-64-over-1",
                       "fan-at-smallest-u", "4-rec-rises-above-chance", "8-rec-nearer-16-than-4", "16-below-32-and-64-at-end",
                       "64-rec-highest-at-start"].map { "recitation-mc." + $0 }
        for c in claims where holding.contains(c.id) { #expect(c.passed, "\(c.id): \(c.measured)") }
        #expect(Set(claims.map(\.id)) == Set(holding))
    }

    @Test("exact: 1 Rec 0, 4 Rec small but not 0, 8 Rec rising, 16/32/64 above 0 at the start, 32/64 above 16 at the end")
    func exactShapes() throws {
        // Four of the eight U points, so that the second point (1280) is the published 200B.
        let rows = try train("recitation-exact.yaml", ["seed=[11,12]", "data.unique_tokens=[640,1280,2560,5120]"])
        let all = RecitationExactMatch().claims(rows)
        report(all)
        #expect(all.count == 8)
        // Every claim, old and published-feature, holds on these unseen seeds (docs/calibration.md).
        let holding = ["zero-at-1-rec", "low-at-4-rec", "cluster-16-32-64", "order-at-largest-u",
                       "4-rec-small-not-zero", "8-rec-rises-from-second-point", "16-32-64-above-zero-at-start",
                       "32-64-above-16-at-end"].map { "recitation-exact." + $0 }
        for c in all where holding.contains(c.id) { #expect(c.passed, "\(c.id): \(c.measured)") }
        #expect(Set(all.map(\.id)) == Set(holding))
    }

    @Test("claims can fail: a flat 64 Rec series fails the mc claims")
    func claimsCanFail() {
        let xs: [Double] = [1, 2, 3]
        func curve(_ r: Double, _ y: [Double]) -> Curve {
            Curve(series: r, label: "\(Int(r)) Rec", x: xs, mean: y, spread: [0, 0, 0], count: [1, 1, 1])
        }
        let flat = [1.0, 4, 8, 16, 32, 64].map { curve($0, [0.25, 0.25, 0.25]) }
        let claims = RecitationClaims.multipleChoice(flat, figure: "recitation-mc")
        #expect(claims.contains { !$0.passed && $0.claim.hasPrefix("64 Rec ends well above") })
        #expect(claims.contains { !$0.passed && $0.claim.hasPrefix("every series with R ≥ 8 rises") })
        let exact = RecitationClaims.exactMatch([1.0, 4, 8, 16, 32, 64].map { curve($0, [0.01, 0.01, 0.01]) }, figure: "recitation-exact")
        #expect(exact.contains { !$0.passed && $0.claim.hasPrefix("1 Rec is exactly 0") })
    }
}
