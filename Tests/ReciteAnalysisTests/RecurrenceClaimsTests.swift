// The recurrence figures' claims on hand-made curves: published-like curves pass every claim; each
// violating family fails its own claim; identical series fail.
import Foundation
import Testing
@testable import ReciteAnalysis

@Suite struct RecurrenceClaimsTests {
    static let rs: [Double] = [1, 4, 8, 16, 32, 64]
    static func curves(_ f: (Double, Double) -> Double) -> [Curve] {
        rs.map { r in
            let x = (1...8).map(Double.init)
            return Curve(series: r, label: "\(Int(r)) Rec", x: x, mean: x.map { f(r, $0) }, spread: x.map { _ in 0 }, count: x.map { _ in 1 })
        }
    }
    /// Published-like mc: 1 Rec at 29%, others rise towards a ceiling that saturates with r.
    static func publishedMC(_ r: Double, _ t: Double) -> Double {
        guard r > 1 else { return 0.29 }
        let rise: Double = 1 - exp(-(r - 1) / 6)
        let ceiling: Double = 0.25 + 0.40 * rise
        return 0.25 + (ceiling - 0.25) * (0.45 + 0.55 * t / 8)
    }
    static func publishedExact(_ r: Double, _ t: Double) -> Double {
        guard r > 1 else { return 0 }
        let rise: Double = 1 - exp(-(r - 2) / 6)
        let ceiling: Double = 0.23 * rise
        return max(ceiling * (0.2 + 0.8 * t / 8), 0)
    }
    static func failed(_ claims: [ShapeClaim]) -> Set<String> { Set(claims.filter { !$0.passed }.map(\.id)) }

    @Test func publishedLikeCurvesPass() {
        let mc = mcClaims(Self.curves(Self.publishedMC))
        let ex = exactClaims(Self.curves(Self.publishedExact))
        for c in mc + ex { print("\(c.id): \(c.measured) [\(c.passed ? "PASS" : "FAIL")]") }
        #expect(mc.count == 5 && ex.count == 5)
        #expect(Self.failed(mc).isEmpty && Self.failed(ex).isEmpty)
    }

    @Test func identicalSeriesFail() {
        let flat = Self.curves { _, t in 0.25 + 0.04 * t }
        #expect(Self.failed(mcClaims(flat)).isSuperset(of: ["recurrence-mc.order-end", "recurrence-mc.saturation", "recurrence-mc.gap-widens"]))
        let flatExact = Self.curves { _, t in 0.02 * t }
        #expect(Self.failed(exactClaims(flatExact)).isSuperset(of: ["recurrence-exact.flat-zero", "recurrence-exact.order-end", "recurrence-exact.saturation"]))
    }

    @Test func eachViolationFailsItsClaim() {
        // 1 Rec learns: not flat at chance.
        #expect(Self.failed(mcClaims(Self.curves { r, t in r == 1 ? 0.25 + 0.03 * t : Self.publishedMC(r, t) })).contains("recurrence-mc.flat-chance"))
        // Order reversed at the top: 64 ends 5 points below 32.
        #expect(Self.failed(mcClaims(Self.curves { r, t in Self.publishedMC(r, t) - (r == 64 && t == 8 ? 0.05 : 0) })) == ["recurrence-mc.order-end", "recurrence-mc.saturation",
                                                                                                                   "recurrence-mc.16-below-32-64-at-end"])
        // No saturation: 64 keeps climbing 8 points above 32.
        #expect(Self.failed(mcClaims(Self.curves { r, t in Self.publishedMC(r, t) + (r == 64 ? 0.08 : 0) })).contains("recurrence-mc.saturation"))
        // Gap shrinking: every r > 1 starts high and stays.
        #expect(Self.failed(mcClaims(Self.curves { r, _ in Self.publishedMC(r, 8) })) == ["recurrence-mc.gap-widens"])
        #expect(Self.failed(exactClaims(Self.curves { r, _ in Self.publishedExact(r, 8) })) == ["recurrence-exact.gap-widens"])
        // Exact: 1 Rec above zero.
        #expect(Self.failed(exactClaims(Self.curves { r, t in r == 1 ? 0.03 : Self.publishedExact(r, t) })).contains("recurrence-exact.flat-zero"))
        // Saturation before r̄: 16 Rec ends level with 32 and 64 (the measured depth-2 shape).
        #expect(Self.failed(mcClaims(Self.curves { r, t in Self.publishedMC(r == 16 ? 32 : r, t) })) == ["recurrence-mc.16-below-32-64-at-end"])
        #expect(Self.failed(exactClaims(Self.curves { r, t in Self.publishedExact(r == 16 ? 32 : r, t) })) == ["recurrence-exact.16-below-32-64-at-end"])
        // Missing a series.
        #expect(Self.failed(mcClaims(Array(Self.curves(Self.publishedMC).dropLast()))) == ["recurrence-mc.series"])
    }
}

private func mcClaims(_ c: [Curve]) -> [ShapeClaim] { RecurrenceClaims.multipleChoice(c, figure: "recurrence-mc") }
private func exactClaims(_ c: [Curve]) -> [ShapeClaim] { RecurrenceClaims.exactMatch(c, figure: "recurrence-exact") }
