// Agreement of simulated curves with the reported readings, after mapping the x axes by rank: the
// i-th reported x (e.g. 100B, 200B, … tokens) is the i-th simulated x (1x, 2x, …). Reported values
// come from another system, so only orders and shapes are compared: Spearman of the series order
// at each x, and Pearson of each series after an affine map of y (which ignores units). Each figure
// says how its axes map, in its own `agreement`.
import Foundation
import ReciteAnalysis

/// One agreement statistic between a simulated and a reported curve.
public struct Agreement: Codable, Hashable, Sendable {
    /// "series order at 800B" or "8 Rec over x".
    public var what: String
    public var statistic: String
    /// `nil` when a side is constant.
    public var value: Double?
    public var points: Int

    public init(what: String, statistic: String, value: Double?, points: Int) {
        self.what = what; self.statistic = statistic; self.value = value; self.points = points
    }

    /// Aligned table lines, one per statistic (for `recite compare`).
    public static func render(_ a: [Agreement]) -> String {
        a.map {
            "      " + $0.what.padding(toLength: 58, withPad: " ", startingAt: 0) + " " + $0.statistic.padding(toLength: 26, withPad: " ", startingAt: 0)
                + " " + ($0.value.map { String(format: "%+.2f", $0) } ?? "n/a (constant)") + " (\($0.points) points)"
        }.joined(separator: "\n")
    }

    /// One sentence for the report's notes ("" when there is nothing to say).
    public static func sentence(_ a: [Agreement]) -> String {
        a.isEmpty ? "" : " Agreement with the reported curve, x mapped by rank: " + a.map {
            "\($0.what): \($0.statistic) \($0.value.map { String(format: "%+.2f", $0) } ?? "n/a")"
        }.joined(separator: "; ") + "."
    }

    /// Pearson after the affine map, negative when the map's slope is: `pearsonAfter` alone is
    /// |r|, so a simulated series that falls where the reported one rises would read as agreement.
    public static func signedPearson(_ m: AffineComparison) -> Double { m.slope < 0 ? -m.pearsonAfter : m.pearsonAfter }

    /// "350M" → 3.5e8, "1e19 FLOPs" → 1e19, "2.4B" → 2.4e9 (for ordering reported series by size).
    public static func sizeValue(_ s: String) -> Double {
        let t = s.split(separator: " ").first.map(String.init) ?? s
        let scale: [Character: Double] = ["K": 1e3, "M": 1e6, "B": 1e9, "T": 1e12]
        if let last = t.last, let m = scale[last], let v = Double(t.dropLast()) { return v * m }
        return Double(t) ?? .infinity
    }
}
