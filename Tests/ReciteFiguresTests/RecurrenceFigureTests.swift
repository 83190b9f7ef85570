// The recurrence figures on hand-made rows: one curve per test-time r over the checkpoints, mean
// over seeds, log-bilinear rows (recurrences 0) left out, claims passing on published-like values
// and failing on identical series, a chart with both panels.
import Foundation
import Testing
import ReciteLab
@testable import ReciteFigures

@Suite struct RecurrenceFigureTests {
    static let rs = [1, 4, 8, 16, 32, 64]
    /// Published-like mc: 1 Rec at 27%, higher r rise towards a ceiling that saturates with r.
    static func mc(_ r: Int, _ t: Int) -> Double {
        r == 1 ? 0.27 : 0.25 + 0.40 * (1 - exp(-Double(r - 1) / 6)) * (0.45 + 0.55 * Double(t) / 8)
    }
    static func rows(_ value: (Int, Int) -> Double, seeds: Int = 2) -> [ResultRow] {
        var out: [ResultRow] = []
        for s in 1...seeds { for t in 1...8 { for r in rs {
            var row = Rows.row(run: "run-s\(s)", seed: s, tokens: 20_000 * t, eval: .mc, value: value(r, t) + (s == 1 ? -0.01 : 0.01))
            row.recurrences = r
            out.append(row)
        } } }
        var plain = Rows.row(run: "log-bilinear", tokens: 20_000, eval: .mc, value: 0.9)
        plain.recurrences = 0
        return out + [plain]
    }

    @Test func curvesAreByTestTimeRecurrence() throws {
        let f = try FigureRegistry.figure("recurrence-mc")
        let curves = f.curves(Self.rows(Self.mc))
        #expect(curves.map(\.label) == Self.rs.map { "\($0) Rec" })
        #expect(curves.allSatisfy { $0.x == (1...8).map { Double(20_000 * $0) } && $0.count.allSatisfy { $0 == 2 } })
        #expect(abs(curves[0].mean[0] - 0.27) < 1e-12)
        let claims = f.claims(Self.rows(Self.mc))
        #expect(claims.allSatisfy { $0.passed }, "\(claims.filter { !$0.passed }.map(\.id))")
        #expect(claims.map(\.id).allSatisfy { $0.hasPrefix("recurrence-mc.") })
        #expect(!f.claims(Self.rows { _, t in 0.25 + 0.02 * Double(t) }).allSatisfy { $0.passed }, "identical series must fail")
        let svg = f.svg(Self.rows(Self.mc), reported: [])
        #expect(svg.hasPrefix("<svg") || svg.contains("<svg"))
        #expect(svg.contains("64 Rec"))
    }

    @Test func exactFigureIsRegisteredWithItsClaims() throws {
        let f = try FigureRegistry.figure("recurrence-exact")
        #expect(f.claims([]).map(\.id) == ["recurrence-exact.series"])
        #expect(f.claims([]).allSatisfy { !$0.passed })
    }
}
