// `recite compare` on hand-made curves: claims that hold, claims that fail, and the rank agreement
// with reported readings after mapping x by rank.
import ReciteAnalysis
import ReciteReport
import Testing
@testable import recite

@Suite("Compare: claims and agreement on hand-made curves")
struct CompareTests {
    static let xs: [Double] = [1, 2, 3, 4, 5, 6, 7, 8]

    static func curve(_ r: Double, _ y: [Double]) -> Curve {
        Curve(series: r, label: "\(Int(r)) Rec", x: xs, mean: y, spread: y.map { _ in 0 }, count: y.map { _ in 3 })
    }

    /// Curves shaped like the published mc figure: flat chance, rising and saturating series.
    static let goodMC: [Curve] = [
        curve(1, [0.26, 0.26, 0.25, 0.26, 0.25, 0.25, 0.26, 0.25]),
        curve(4, [0.27, 0.28, 0.29, 0.30, 0.31, 0.32, 0.33, 0.34]),
        curve(8, [0.30, 0.34, 0.38, 0.42, 0.46, 0.50, 0.53, 0.56]),
        curve(16, [0.36, 0.42, 0.48, 0.53, 0.57, 0.60, 0.63, 0.65]),
        curve(32, [0.38, 0.44, 0.50, 0.54, 0.58, 0.61, 0.64, 0.66]),
        curve(64, [0.39, 0.45, 0.50, 0.55, 0.58, 0.61, 0.64, 0.66]),
    ]

    @Test("every mc claim holds on a published-like shape")
    func claimsHold() {
        let claims = RecitationClaims.multipleChoice(Self.goodMC)
        #expect(claims.count == 5)
        #expect(claims.allSatisfy { $0.passed }, "\(claims.filter { !$0.passed }.map(\.claim))")
    }

    @Test("a swapped order at the largest U fails exactly the order claim")
    func orderClaimFails() {
        var curves = Self.goodMC
        curves[2] = Self.curve(8, [0.30, 0.34, 0.38, 0.42, 0.46, 0.50, 0.60, 0.70])  // 8 Rec ends above 16
        let failed = RecitationClaims.multipleChoice(curves).filter { !$0.passed }.map(\.claim)
        #expect(failed == ["at the largest U the order is 64 ≥ 32 ≥ 16 ≥ 8 ≥ 4 ≥ 1"])
    }

    @Test("rank agreement: reported readings in the same order give Spearman 1, reversed give −1")
    func agreement() {
        let sim = Self.goodMC
        func reported(_ values: [String: [Double]]) -> [ReportedSeries] {
            values.map { name, ys in
                ReportedSeries(figure: "recitation-mc", panel: "HellaSwag", series: name, xUnit: "billion tokens trained",
                               yUnit: "%", points: [ReportedPoint(x: 100, y: ys[0], provenance: "test"),
                                                    ReportedPoint(x: 400, y: ys[1], provenance: "test"),
                                                    ReportedPoint(x: 800, y: ys[2], provenance: "test")])
            }
        }
        let same = Agreements.recitation(simulated: sim, reported: reported(["4 Rec": [33, 40, 45], "8 Rec": [38, 50, 60], "64 Rec": [48, 58, 65]]))
        let order800 = same.first { $0.what.hasPrefix("series order at 800B") }
        #expect(order800?.value == 1)
        #expect(same.first { $0.what == "8 Rec over x" }?.value ?? 0 > 0.99)
        let reversed = Agreements.recitation(simulated: sim, reported: reported(["4 Rec": [48, 58, 65], "8 Rec": [38, 50, 60], "64 Rec": [33, 40, 45]]))
        #expect(reversed.first { $0.what.hasPrefix("series order at 800B") }?.value == -1)
    }
}
