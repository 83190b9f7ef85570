// Qualitative shape claims about simulated curves, checked with their measured numbers. These are
// what "reproduces the figure" means for recite: orderings, rises, plateaus and floors, never a
// match to the reported values themselves (those are compared by rank in `Comparison`).
import Foundation

/// One claim about a figure's curves, with what was measured and whether it holds.
public struct ShapeClaim: Codable, Hashable, Sendable {
    /// Stable identifier `<figure>.<key>` (e.g. `<figure>.order-at-largest-u`): what reports,
    /// tests and diffs of `claims.json` refer to. The wording of `claim` may change; this may not.
    public var id: String
    public var figure: String
    public var claim: String
    public var measured: String
    public var expected: String
    public var passed: Bool

    /// A claim with the stable key `key` (lower-case words joined by `-`, `.` between parts).
    public init(figure: String, key: String, claim: String, measured: String, expected: String, passed: Bool) {
        self.id = figure + "." + key
        self.figure = figure; self.claim = claim; self.measured = measured; self.expected = expected; self.passed = passed
    }

    /// A claim whose key is derived from its wording (unstable if the wording changes: prefer `key:`).
    public init(figure: String, claim: String, measured: String, expected: String, passed: Bool) {
        self.init(figure: figure, key: ShapeClaim.slug(claim), claim: claim, measured: measured, expected: expected, passed: passed)
    }

    /// Lower-case ASCII letters and digits, other runs of characters as one `-`.
    public static func slug(_ text: String) -> String {
        var out = "", dash = false
        for u in text.lowercased().unicodeScalars {
            if (u >= "a" && u <= "z") || (u >= "0" && u <= "9") { out.unicodeScalars.append(u); dash = false }
            else if !dash && !out.isEmpty { out += "-"; dash = true }
        }
        return out.hasSuffix("-") ? String(out.dropLast()) : out
    }

    /// `PASS  claim: measured (expected …)`, the one-line form every command prints.
    public var line: String { "\(passed ? "PASS" : "FAIL")  \(claim): \(measured) (expected \(expected))" }

    /// Claims as PASS/FAIL lines, one per claim.
    public static func render(_ claims: [ShapeClaim]) -> String { claims.map(\.line).joined(separator: "\n") }
}

/// A simulated curve: one series (e.g. R = 8) as the mean and spread over seeds at each x.
public struct Curve: Codable, Hashable, Sendable {
    /// The series' value (recitations, parameters, …) and its label ("8 Rec").
    public var series: Double
    public var label: String
    public var x: [Double]
    public var mean: [Double]
    /// Sample standard deviation over seeds (0 with one seed).
    public var spread: [Double]
    /// Seeds averaged at each x.
    public var count: [Int]

    public init(series: Double, label: String, x: [Double], mean: [Double], spread: [Double], count: [Int]) {
        self.series = series; self.label = label; self.x = x; self.mean = mean; self.spread = spread; self.count = count
    }

    public var first: Double { mean.first ?? .nan }
    public var last: Double { mean.last ?? .nan }
}

/// The shape claims of the two recitation figures (seeds 000 and 001).
public enum RecitationClaims {
    static func pct(_ v: Double) -> String { String(format: "%.1f%%", 100 * v) }

    static func curve(_ curves: [Curve], _ r: Double) -> Curve? { curves.first { $0.series == r } }

    /// `mc` vs unique tokens, series 1/4/8/16/32/64 Rec.
    public static func multipleChoice(_ curves: [Curve], figure: String) -> [ShapeClaim] {
        var out: [ShapeClaim] = []
        func claim(_ key: String, _ c: String, _ m: String, _ e: String, _ p: Bool) { out.append(ShapeClaim(figure: figure, key: key, claim: c, measured: m, expected: e, passed: p)) }
        guard let c1 = curve(curves, 1), let c64 = curve(curves, 64) else {
            claim("series-present", "the 1 Rec and 64 Rec series exist", "missing", "both present", false); return out
        }
        let worst = c1.mean.map { abs($0 - 0.25) }.max() ?? .nan
        claim("chance-at-1-rec", "1 Rec stays near chance over the whole range", "max |mc − 25%| = " + pct(worst), "≤ 6.0 points", worst <= 0.06)
        let order: [Double] = [1, 4, 8, 16, 32, 64]
        let lasts = order.compactMap { r in curve(curves, r).map { (r, $0.last) } }
        var ok = lasts.count == order.count
        for i in 1..<lasts.count {
            let tol = lasts[i].0 == 64 ? 0.02 : 0.005
            if lasts[i].1 < lasts[i - 1].1 - tol { ok = false }
        }
        claim("order-at-largest-u", "at the largest U the order is 64 ≥ 32 ≥ 16 ≥ 8 ≥ 4 ≥ 1",
              lasts.map { "\(Int($0.0)):" + pct($0.1) }.joined(separator: " "),
              "non-decreasing in R (within 0.5 point; 32 vs 64 within 2)", ok)
        let rising = curves.filter { $0.series >= 8 }.sorted { $0.series < $1.series }
        claim("rise-for-r-8-and-up", "every series with R ≥ 8 rises from the first to the last point",
              rising.map { "\($0.label): " + pct($0.first) + "→" + pct($0.last) }.joined(separator: ", "),
              "last > first", !rising.isEmpty && rising.allSatisfy { $0.last > $0.first })
        if let c32 = curve(curves, 32) {
            let gap = abs(c64.last - c32.last)
            claim("saturation-32-64", "32 and 64 Rec saturate together at the largest U", "|64 − 32| = " + pct(gap), "≤ 3.0 points", gap <= 0.03)
        }
        let lift = c64.last - c1.last
        claim("lift-64-over-1", "64 Rec ends well above 1 Rec", "64 − 1 = " + pct(lift), "> 20 points", lift > 0.20)
        return out
    }

    /// `exact` vs unique tokens, series 1/4/8/16/32/64 Rec.
    public static func exactMatch(_ curves: [Curve], figure: String) -> [ShapeClaim] {
        var out: [ShapeClaim] = []
        func claim(_ key: String, _ c: String, _ m: String, _ e: String, _ p: Bool) { out.append(ShapeClaim(figure: figure, key: key, claim: c, measured: m, expected: e, passed: p)) }
        guard let c1 = curve(curves, 1), let c4 = curve(curves, 4), let c8 = curve(curves, 8),
              let c16 = curve(curves, 16), let c32 = curve(curves, 32), let c64 = curve(curves, 64) else {
            claim("series-present", "all six Rec series exist", "missing", "1, 4, 8, 16, 32, 64", false); return out
        }
        let max1 = c1.mean.max() ?? .nan
        claim("zero-at-1-rec", "1 Rec is exactly 0 at every point", "max = " + pct(max1), "0", max1 == 0)
        let max4 = c4.mean.max() ?? .nan
        claim("low-at-4-rec", "4 Rec stays low", "max = " + pct(max4), "< 6%", max4 < 0.06)
        var clustered = 0
        for i in 0..<c8.mean.count where i < c16.mean.count && i < c32.mean.count && i < c64.mean.count {
            let lo = min(c16.mean[i], c32.mean[i], c64.mean[i]), hi = max(c16.mean[i], c32.mean[i], c64.mean[i])
            let gap = lo - c8.mean[i]
            if gap >= 0.02 && gap > hi - lo { clustered += 1 }
        }
        claim("cluster-16-32-64", "16, 32 and 64 Rec form a cluster well above 8 Rec at most points",
              "\(clustered) of \(c8.mean.count) points",
              "> half (cluster ≥ 2 points above 8 Rec and tighter than that gap)", clustered * 2 > c8.mean.count)
        let top = min(c32.last, c64.last)
        let ok = top >= c16.last - 0.005 && c16.last >= c8.last && c8.last > c4.last && c4.last >= c1.last
        claim("order-at-largest-u", "at the largest U the order is {32, 64} ≥ 16 ≥ 8 > 4 ≥ 1",
              "32:\(pct(c32.last)) 64:\(pct(c64.last)) 16:\(pct(c16.last)) 8:\(pct(c8.last)) 4:\(pct(c4.last)) 1:\(pct(c1.last))",
              "that order (32/64 vs 16 within 0.5 point)", ok)
        return out
    }
}

/// The shape claims of the fixed-compute (data-constrained) regime: held-out loss against R at a
/// fixed tokens-trained budget `D`, with `U = D/R`.
public enum DataConstrainedClaims {
    /// `curves`: one per budget D (series = D), x = R, mean held-out loss.
    public static func loss(_ curves: [Curve], fit: EffectiveDataFit?, rStar: BootstrapInterval?,
                            figure: String) -> [ShapeClaim] {
        var out: [ShapeClaim] = []
        func claim(_ key: String, _ c: String, _ m: String, _ e: String, _ p: Bool) { out.append(ShapeClaim(figure: figure, key: key, claim: c, measured: m, expected: e, passed: p)) }
        func at(_ c: Curve, _ r: Double) -> Double? { c.x.firstIndex(of: r).map { c.mean[$0] } }
        var few: [String] = [], many: [String] = [], fewOK = !curves.isEmpty, manyOK = !curves.isEmpty
        for c in curves {
            guard let l1 = at(c, 1), let l4 = at(c, 4), let lmax = c.mean.last else { fewOK = false; manyOK = false; continue }
            let cost4 = l4 - l1, costMax = lmax - l1
            few.append(String(format: "D=%g: +%.3f", c.series, cost4))
            many.append(String(format: "D=%g: +%.3f", c.series, costMax))
            if !(cost4 < 0.1 * costMax) { fewOK = false }
            if !(costMax > 0.2) { manyOK = false }
        }
        claim("few-repetitions-cheap", "a few repetitions cost almost nothing: loss(R=4) − loss(R=1)", few.joined(separator: ", "),
              "< 10% of the cost at the largest R", fewOK)
        claim("many-repetitions-costly", "many repetitions cost a lot: loss(R=max) − loss(R=1)", many.joined(separator: ", "), "> 0.2 nats", manyOK)
        if let fit, let rStar {
            claim("effective-data-fit", "effective-data fit D' = U + U·R*·(1 − e^{−(R−1)/R*}), loss = E + B/D'^β",
                  String(format: "R* = %.1f [%.1f, %.1f], E = %.3f, B = %.3g, β = %.3f", fit.rStar, rStar.lower, rStar.upper, fit.E, fit.B, fit.beta),
                  "finite R* with a bootstrap interval", fit.rStar.isFinite && rStar.lower.isFinite)
        }
        return out
    }
}

/// The spacing comparison: the same configuration under different schedules.
public enum SpacingClaims {
    /// `curves`: one per schedule (labels `spaced`, `massed`, `random`), x = R, mean mc.
    public static func spacing(_ curves: [Curve], figure: String) -> [ShapeClaim] {
        guard let spaced = curves.first(where: { $0.label == "spaced" }), let massed = curves.first(where: { $0.label == "massed" }) else {
            return [ShapeClaim(figure: figure, key: "series-present", claim: "spaced and massed schedules both measured", measured: "missing", expected: "both", passed: false)]
        }
        var diffs: [String] = [], ok = true
        for (i, r) in spaced.x.enumerated() where r >= 8 {
            guard let j = massed.x.firstIndex(of: r) else { continue }
            let d = spaced.mean[i] - massed.mean[j]
            diffs.append(String(format: "R=%g: %+.1f", r, 100 * d))
            if d < 0 { ok = false }
        }
        return [ShapeClaim(figure: figure, key: "spaced-at-least-massed", claim: "spacing effect: spaced ≥ massed at every R ≥ 8 where both finished",
                           measured: diffs.isEmpty ? "no common R ≥ 8" : diffs.joined(separator: ", ") + " points",
                           expected: "spaced − massed ≥ 0", passed: ok && !diffs.isEmpty)]
    }
}

/// The accuracy-vs-batches figure (seed 003): `top1` at 5 checkpoints for 3 model sizes.
public enum VocabAccuracyClaims {
    /// `curves`: one per model size (series = parameters), x = training batches, mean top1.
    public static func accuracy(_ curves: [Curve], figure: String) -> [ShapeClaim] {
        let sizes = curves.sorted { $0.series < $1.series }
        var ahead = 0, total = 0
        for (small, large) in zip(sizes, sizes.dropFirst()) {
            for (i, x) in small.x.enumerated() {
                guard let j = large.x.firstIndex(of: x) else { continue }
                total += 1
                if large.mean[j] > small.mean[i] { ahead += 1 }
            }
        }
        let share = total > 0 ? Double(ahead) / Double(total) : 0
        let rises = sizes.map { String(format: "N=%.3g: %.1f%%→%.1f%%", $0.series, 100 * $0.first, 100 * $0.last) }
        return [
            ShapeClaim(figure: figure, key: "larger-model-ahead", claim: "the larger model is ahead at most points",
                       measured: "\(ahead) of \(total) (size, checkpoint) comparisons", expected: "≥ 80%",
                       passed: total > 0 && share >= 0.8),
            ShapeClaim(figure: figure, key: "every-size-rises", claim: "every size's last point is above its first", measured: rises.joined(separator: ", "),
                       expected: "last > first", passed: !sizes.isEmpty && sizes.allSatisfy { $0.last > $0.first }),
        ]
    }
}
