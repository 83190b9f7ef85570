// The recitation figures on hand-made rows: curves (mean and sd over seeds at the final checkpoint),
// claims that hold and one that fails, rank agreement with reported readings, and the chart.
import Foundation
import ReciteAnalysis
import ReciteFigures
import ReciteLab
import ReciteReport
import Testing

@Suite("Recitation figures on hand-made rows")
struct RecitationFigureTests {
    /// Shaped like the published mc figure (seed 000): 1 Rec near chance, a fan at the smallest U with
    /// 3-5 points between neighbours, 4 Rec rising 12 points, 8 Rec ending near 16, 16 below 32 = 64.
    static let goodMC: [Int: [Double]] = [
        1: [0.26, 0.26, 0.27, 0.27, 0.28, 0.28, 0.29, 0.29],
        4: [0.31, 0.33, 0.35, 0.37, 0.39, 0.41, 0.43, 0.43],
        8: [0.36, 0.40, 0.44, 0.48, 0.52, 0.55, 0.58, 0.60],
        16: [0.41, 0.45, 0.49, 0.53, 0.56, 0.59, 0.61, 0.62],
        32: [0.44, 0.48, 0.52, 0.55, 0.58, 0.61, 0.64, 0.66],
        64: [0.47, 0.50, 0.53, 0.56, 0.59, 0.62, 0.64, 0.66],
    ]
    static let mc = RecitationMultipleChoice()

    @Test("curves: one per R, mean and sample sd over seeds, earlier checkpoints and diverged runs left out")
    func curves() throws {
        var rows = Rows.recitation(eval: "mc", Self.goodMC, jitter: 0.01)
        // An earlier checkpoint of one run (fewer tokens) and a diverged run must not enter the means.
        let first = rows[0]
        var early = first; early.tokensTrained = first.tokensTrained / 2; early.value = 0.99
        var diverged = Rows.row(seed: 3, unique: 1000, recitations: 1, eval: "mc", value: .nan, status: "diverged")
        diverged.run = "diverged-run"
        rows += [early, diverged]
        let curves = Self.mc.curves(rows)
        #expect(curves.map(\.series) == [1, 4, 8, 16, 32, 64])
        #expect(curves.map(\.label) == ["1 Rec", "4 Rec", "8 Rec", "16 Rec", "32 Rec", "64 Rec"])
        let c8 = try #require(curves.first { $0.series == 8 })
        #expect(c8.x == [1000, 2000, 3000, 4000, 5000, 6000, 7000, 8000])
        #expect(c8.count.allSatisfy { $0 == 2 })
        for (m, v) in zip(c8.mean, Self.goodMC[8]!) { #expect(abs(m - v) < 1e-12) }
        // Two values v ± 0.01: sample sd = 0.01·√2.
        #expect(abs(c8.spread[0] - 0.01 * 2.0.squareRoot()) < 1e-12)
        #expect(abs(curves[0].mean[0] - 0.26) < 1e-12)
    }

    @Test("every mc claim holds on a published-like shape, with stable unique ids")
    func claimsHold() {
        let all = Self.mc.claims(Rows.recitation(eval: "mc", Self.goodMC))
        // The five original claims, then the five published-feature claims.
        #expect(all.count == 10)
        #expect(all.allSatisfy { $0.passed }, "\(all.filter { !$0.passed }.map(\.id))")
        let claims = Array(all.prefix(5))
        #expect(claims.allSatisfy { $0.passed }, "\(claims.filter { !$0.passed }.map(\.claim))")
        #expect(claims.map(\.id) == ["recitation-mc.chance-at-1-rec", "recitation-mc.order-at-largest-u",
                                     "recitation-mc.rise-for-r-8-and-up", "recitation-mc.saturation-32-64",
                                     "recitation-mc.lift-64-over-1"])
        #expect(all.suffix(5).map(\.id) == ["recitation-mc.fan-at-smallest-u", "recitation-mc.4-rec-rises-above-chance",
                                            "recitation-mc.8-rec-nearer-16-than-4", "recitation-mc.16-below-32-and-64-at-end",
                                            "recitation-mc.64-rec-highest-at-start"])
    }

    @Test("a swapped order at the largest U fails exactly the order claim")
    func orderClaimFails() {
        var values = Self.goodMC
        values[8] = [0.30, 0.34, 0.38, 0.42, 0.46, 0.50, 0.60, 0.70]  // 8 Rec ends above 16
        let failed = Self.mc.claims(Rows.recitation(eval: "mc", values)).prefix(5).filter { !$0.passed }.map(\.id)
        #expect(failed == ["recitation-mc.order-at-largest-u"])
    }

    @Test("missing series give one failing claim, not an empty (passing) list")
    func missingSeries() {
        let claims = Self.mc.claims(Rows.recitation(eval: "mc", [4: [0.3, 0.4]]))
        #expect(claims.map(\.id) == ["recitation-mc.series-present", "recitation-mc.published-series-present"])
        #expect(claims.allSatisfy { !$0.passed })
        let exact = RecitationExactMatch().claims([])
        #expect(exact.map(\.id) == ["recitation-exact.series-present", "recitation-exact.published-series-present"])
        #expect(exact.allSatisfy { !$0.passed })
    }

    static func reported(_ values: [String: [Double]]) -> [ReportedSeries] {
        values.keys.sorted().map { name in
            let ys = values[name]!
            return ReportedSeries(figure: "recitation-mc", panel: "HellaSwag", series: name, xUnit: "billion tokens trained",
                                  yUnit: "%", points: [ReportedPoint(x: 100, y: ys[0], provenance: "test"),
                                                       ReportedPoint(x: 400, y: ys[1], provenance: "test"),
                                                       ReportedPoint(x: 800, y: ys[2], provenance: "test")])
        }
    }

    @Test("rank agreement: reported readings in the same order give Spearman 1, reversed give −1")
    func agreement() {
        let rows = Rows.recitation(eval: "mc", Self.goodMC)
        let same = Self.mc.agreement(rows, reported: Self.reported(["4 Rec": [33, 40, 45], "8 Rec": [38, 50, 60], "64 Rec": [48, 58, 65]]))
        let order800 = same.first { $0.what.hasPrefix("series order at 800B") }
        #expect(order800?.value == 1)
        #expect(order800?.what == "series order at 800B (simulated 8x)")
        #expect(same.first { $0.what == "8 Rec over x" }?.value ?? 0 > 0.99)
        let reversed = Self.mc.agreement(rows, reported: Self.reported(["4 Rec": [48, 58, 65], "8 Rec": [38, 50, 60], "64 Rec": [33, 40, 45]]))
        #expect(reversed.first { $0.what.hasPrefix("series order at 800B") }?.value == -1)
        // Nothing to compare with: no statistics.
        #expect(Self.mc.agreement(rows, reported: []).isEmpty)
    }

    @Test("the exact-match agreement maps ranks the same way; a series falling where the reading rises is negative")
    func exactAgreement() {
        var values: [Int: [Double]] = [:]
        for r in [1, 4, 8, 16, 32, 64] { values[r] = (0..<8).map { Double($0) * Double(r) / 1000 } }
        values[8] = (0..<8).map { 0.1 - Double($0) / 100 }  // 8 Rec falls
        let rows = Rows.recitation(eval: "exact", values, seeds: 1)
        let a = RecitationExactMatch().agreement(rows, reported: Self.reported(["4 Rec": [1, 2, 3], "8 Rec": [2, 4, 6], "64 Rec": [5, 9, 12]]))
        #expect(a.first { $0.what == "8 Rec over x" }.flatMap(\.value).map { $0 < -0.9 } == true)
        #expect(a.first { $0.what == "64 Rec over x" }.flatMap(\.value).map { $0 > 0.98 } == true)
    }

    @Test("the chart: one simulated series per R with bands, the chance line, and the reported panels")
    func svg() throws {
        let rows = Rows.recitation(eval: "mc", Self.goodMC)
        let reported = try ReportedCurves.load(figure: "recitation-mc", directory: repositoryRoot + "/results/reported")
        let svg = Self.mc.svg(rows, reported: reported)
        #expect(svg.hasPrefix("<svg"))
        #expect(svg.contains("aria-label=\"recitation-mc\""))
        for r in [1, 4, 8, 16, 32, 64] { #expect(svg.contains(">\(r) Rec<"), "legend for \(r) Rec") }
        #expect(svg.contains("chance"))
        #expect(svg.contains("unique tokens U (simulated)"))
        // Both axes: the published axis (tokens trained) beside the unique-token panel, and the caption says why.
        #expect(svg.contains("tokens trained D (simulated, log scale)"))
        #expect(svg.contains("up to 64× different token counts"))
        #expect(svg.contains("reported: approximate readings"))
        // Without readings the chart still draws the simulated panel only.
        let alone = Self.mc.svg(rows, reported: [])
        #expect(!alone.contains("reported: approximate readings") && alone.contains(">64 Rec<"))
        // Exact match has no chance line.
        #expect(!RecitationExactMatch().svg(Rows.recitation(eval: "exact", Self.goodMC), reported: []).contains("chance"))
    }
}
