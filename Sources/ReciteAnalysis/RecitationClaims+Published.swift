// The features that make the published recitation figures what they are (Geiping et al. 2025,
// Fig. 8; seeds 000 and 001), as claims that can fail. Each tolerance comes from the readings:
//
// - The figure descriptions give values "~" to about a point, so each reading carries ±1 point and
//   a published difference of g points is certain to be at least g − 2.
// - Our curves live on another scale (simulated units, a different ceiling), so every threshold in
//   points is scaled by ours/theirs, where "span" is the 64 Rec series' last value above chance
//   (published: 65 − 25 = 40 points for mc, 23 − 0 = 23 for exact).
// - The hand-made curves in `PublishedClaimTests` check every claim fails on a curve that lacks
//   the feature and holds on the published readings themselves.
import Foundation

/// The published-feature claims of the two recitation figures, with stable keys.
public enum PublishedRecitationClaims {
    /// Reading uncertainty of one published value, in its points.
    public static let readingUncertainty = 1.0
    /// The 64 Rec series' last value above chance, in published points.
    public static let publishedSpan: [String: Double] = ["mc": 40, "exact": 23]

    static func pct(_ v: Double) -> String { String(format: "%.1f", 100 * v) }
    static func curve(_ curves: [Curve], _ r: Double) -> Curve? { curves.first { $0.series == r } }

    /// Our points per published point: our 64 Rec last value above `chance` over the published span.
    static func scale(_ c64: Curve, chance: Double, eval: String) -> Double {
        max(c64.last - chance, 0) * 100 / publishedSpan[eval]!
    }

    /// A published gap of `g` points, less two reading uncertainties, on our scale (a fraction).
    static func threshold(_ g: Double, _ scale: Double) -> Double { max(g - 2 * readingUncertainty, 0) * scale / 100 }

    // MARK: - mc (seed 000)

    /// Published: 1 < 4 < 8 < 16 < 32 < 64 at 100B (~29, 33, 38, 42, 45, 48); 4 Rec 33 → 43 (45 at
    /// 700B); at 800B 8 Rec 60 nearer 16 Rec 62 than 4 Rec 43; 16 Rec 62 below 32 ≈ 64 ≈ 65.
    public static func multipleChoice(_ curves: [Curve], figure: String) -> [ShapeClaim] {
        var out: [ShapeClaim] = []
        func claim(_ key: String, _ c: String, _ m: String, _ e: String, _ p: Bool) {
            out.append(ShapeClaim.keyed(figure: figure, key: key, claim: c, measured: m, expected: e, passed: p))
        }
        let order: [Double] = [1, 4, 8, 16, 32, 64]
        let cs = order.compactMap { curve(curves, $0) }
        guard cs.count == order.count, cs.allSatisfy({ !$0.mean.isEmpty }) else {
            claim("published-series-present", "all six Rec series exist", "missing", "1, 4, 8, 16, 32, 64", false); return out
        }
        let (c4, c8, c16, c32, c64) = (cs[1], cs[2], cs[3], cs[4], cs[5])
        let s = scale(c64, chance: 0.25, eval: "mc")
        // Fan: smallest published gap 3 points (45 → 48, 42 → 45).
        let gap = threshold(3, s)
        let firsts = cs.map(\.first)
        let fanOK = zip(firsts, firsts.dropFirst()).allSatisfy { $1 - $0 >= gap }
        claim("fan-at-smallest-u", "at the smallest U the series fan out: 1 < 4 < 8 < 16 < 32 < 64 Rec, each gap clear",
              zip(order, firsts).map { "\(Int($0.0)):\(pct($0.1))" }.joined(separator: " "),
              "every neighbour gap ≥ \(pct(gap)) points (published min gap 3 − 2 reading errors, scaled)", fanOK)
        // 4 Rec: +10 (33 → 43), ends 18 above chance.
        let rise4 = c4.last - c4.first, above4 = c4.last - 0.25
        let needRise = threshold(10, s), needAbove = threshold(18, s)
        claim("4-rec-rises-above-chance", "4 Rec rises and ends clearly above chance",
              "rise \(pct(rise4)), end \(pct(above4)) above chance",
              "rise ≥ \(pct(needRise)), end ≥ \(pct(needAbove)) points above chance (published +10 and 18, less 2 reading errors, scaled)",
              rise4 >= needRise && above4 >= needAbove)
        // 8 Rec ends nearer 16 than 4 (published 60 vs 62 and 43).
        let d16 = abs(c16.last - c8.last), d4 = abs(c8.last - c4.last)
        claim("8-rec-nearer-16-than-4", "at the largest U, 8 Rec ends nearer 16 Rec than 4 Rec",
              "|16 − 8| = \(pct(d16)), |8 − 4| = \(pct(d4))", "|16 − 8| < |8 − 4| (published 2 vs 17)",
              d16 < d4 && c8.last > c4.last)
        // 16 below 32 ≈ 64 at the end (62 vs 65, 65).
        let top = min(c32.last, c64.last), below = top - c16.last, pair = abs(c64.last - c32.last)
        let needBelow = threshold(3, s), pairTol = 2 * readingUncertainty * s / 100
        claim("16-below-32-and-64-at-end", "at the largest U, 16 Rec sits below 32 ≈ 64 Rec",
              "min(32, 64) − 16 = \(pct(below)), |64 − 32| = \(pct(pair))",
              "min(32, 64) − 16 ≥ \(pct(needBelow)) and |64 − 32| ≤ \(pct(pairTol)) points (published 3 and 0, ±2 reading errors, scaled)",
              below >= needBelow && pair <= pairTol)
        // 64 highest at the start (48 vs 45).
        let lead = c64.first - cs.dropLast().map(\.first).max()!
        claim("64-rec-highest-at-start", "at the smallest U, 64 Rec is the highest series",
              "64 − best other = \(pct(lead))", "≥ \(pct(threshold(3, s))) points (published 48 vs 45, less 2 reading errors, scaled)",
              lead >= threshold(3, s))
        return out
    }

    // MARK: - exact (seed 001)

    /// Published: 1 Rec 0 everywhere; 4 Rec 0 … 4 (≥ 2 at 3 of 8 points); 8 Rec 2, 7, 8, 10.5, 11,
    /// 14.5, 15, 11.5; 16 = 32 = 64 = 5.5 at 100B; at 800B 32 = 64 = 23 above 16 = 19.5.
    public static func exactMatch(_ curves: [Curve], figure: String) -> [ShapeClaim] {
        var out: [ShapeClaim] = []
        func claim(_ key: String, _ c: String, _ m: String, _ e: String, _ p: Bool) {
            out.append(ShapeClaim.keyed(figure: figure, key: key, claim: c, measured: m, expected: e, passed: p))
        }
        let order: [Double] = [1, 4, 8, 16, 32, 64]
        let cs = order.compactMap { curve(curves, $0) }
        guard cs.count == order.count, cs.allSatisfy({ $0.mean.count >= 3 }) else {
            claim("published-series-present", "all six Rec series exist with ≥ 3 points", "missing", "1, 4, 8, 16, 32, 64", false); return out
        }
        let (c4, c8, c16, c32, c64) = (cs[1], cs[2], cs[3], cs[4], cs[5])
        let s = scale(c64, chance: 0, eval: "exact")
        // 4 Rec: small (max 4 of a 23 span, +1 reading error) but > 0 at ≥ 3 points (the readings ≥ 2).
        let max4 = c4.mean.max()!, nonzero4 = c4.mean.filter { $0 > 0 }.count
        let cap4 = (4 + readingUncertainty) * s / 100
        claim("4-rec-small-not-zero", "4 Rec stays small but is not identically 0",
              "max \(pct(max4)), > 0 at \(nonzero4) of \(c4.mean.count) points",
              "max ≤ \(pct(cap4)) points (published max 4 + 1, scaled) and > 0 at ≥ 3 points (published ≥ 2 at 3)",
              max4 <= cap4 && nonzero4 >= 3)
        // 8 Rec rising from the second point: 7 at 200B (> 0 beyond reading error), 11.5-15 later.
        let second = c8.mean[1], laterBest = c8.mean.dropFirst(2).max()!
        let needRise = threshold(15 - 7, s)
        claim("8-rec-rises-from-second-point", "8 Rec is above 0 from the second point on and keeps rising",
              "second \(pct(second)), min from second \(pct(c8.mean.dropFirst().min()!)), best later \(pct(laterBest))",
              "every point from the second > 0, best later − second ≥ \(pct(needRise)) (published 15 − 7, less 2 reading errors, scaled)",
              c8.mean.dropFirst().allSatisfy { $0 > 0 } && laterBest - second >= needRise)
        // 16, 32, 64 above 0 at the smallest x (5.5 each, ≥ 4.5 after a reading error).
        let firsts = [c16.first, c32.first, c64.first]
        let need0 = threshold(5.5, s)
        claim("16-32-64-above-zero-at-start", "16, 32 and 64 Rec are above 0 at the smallest U",
              "16:\(pct(c16.first)) 32:\(pct(c32.first)) 64:\(pct(c64.first))",
              "each ≥ \(pct(need0)) points (published 5.5, less 2 reading errors, scaled)", firsts.allSatisfy { $0 >= need0 && $0 > 0 })
        // 32, 64 above 16 at the end (23, 23 vs 19.5).
        let lead = min(c32.last, c64.last) - c16.last
        claim("32-64-above-16-at-end", "at the largest U, 32 and 64 Rec end above 16 Rec",
              "min(32, 64) − 16 = \(pct(lead))", "≥ \(pct(threshold(3.5, s))) points (published 3.5, less 2 reading errors, scaled)",
              lead >= threshold(3.5, s) && lead > 0)
        return out
    }
}
