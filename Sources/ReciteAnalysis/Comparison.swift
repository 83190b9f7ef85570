// Statistics for the scorecard: how well a simulated series tracks a reported one.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A least-squares affine map `y ≈ s·x + t` between two series and how well it fits.
public struct AffineComparison: Sendable, Equatable {
    /// Slope `s`.
    public let slope: Double
    /// Intercept `t`.
    public let intercept: Double
    /// Pearson correlation of `s·x + t` with `y`. An affine map with `s > 0` leaves Pearson
    /// unchanged, so this equals `|pearson(x, y)|`: the shape agreement that remains once the
    /// simulated units are mapped onto the reported ones.
    public let pearsonAfter: Double
    /// R² of the map (the square of `pearsonAfter`).
    public let rSquared: Double
    /// Root-mean-square of `y − (s·x + t)`, in `y`'s units.
    public let rmse: Double
}

/// Rank and linear correlation, and the affine map between series.
public enum Comparison {
    /// Ranks starting at 1; tied values share the average of the ranks they span
    /// (`[10, 20, 20, 30]` → `[1, 2.5, 2.5, 4]`).
    public static func averageRanks(_ values: [Double]) -> [Double] {
        let order = values.indices.sorted { values[$0] < values[$1] }
        var ranks = [Double](repeating: 0, count: values.count)
        var i = 0
        while i < order.count {
            var j = i
            while j + 1 < order.count && values[order[j + 1]] == values[order[i]] { j += 1 }
            let rank = Double(i + j) / 2 + 1
            for k in i...j { ranks[order[k]] = rank }
            i = j + 1
        }
        return ranks
    }

    /// Pearson's correlation; `nil` for fewer than two pairs, unequal lengths or a constant series.
    public static func pearson(_ x: [Double], _ y: [Double]) -> Double? {
        guard x.count == y.count, x.count >= 2 else { return nil }
        let n = Double(x.count)
        let mx = x.reduce(0, +) / n, my = y.reduce(0, +) / n
        var sxy = 0.0, sxx = 0.0, syy = 0.0
        for i in x.indices {
            let dx = x[i] - mx, dy = y[i] - my
            sxy += dx * dy; sxx += dx * dx; syy += dy * dy
        }
        guard sxx > 0, syy > 0 else { return nil }
        return sxy / (sxx * syy).squareRoot()
    }

    /// Spearman's rank correlation: Pearson of the average ranks (exact with ties, unlike the
    /// `1 − 6Σd²/(n(n²−1))` shortcut).
    public static func spearman(_ x: [Double], _ y: [Double]) -> Double? {
        guard x.count == y.count else { return nil }
        return pearson(averageRanks(x), averageRanks(y))
    }

    /// The least-squares `y ≈ s·x + t` (LAPACK) and the agreement after it; `nil` when `x` is constant
    /// or there are fewer than two pairs.
    public static func affineMap(from x: [Double], to y: [Double]) -> AffineComparison? {
        guard x.count == y.count, x.count >= 2, Set(x).count >= 2,
              let ls = try? LinearLeastSquares(columns: [x, [Double](repeating: 1, count: x.count)], response: y)
        else { return nil }
        let s = ls.coefficients[0], t = ls.coefficients[1]
        let mapped = x.map { s * $0 + t }
        let after = pearson(mapped, y) ?? (ls.residuals.allSatisfy { $0 == 0 } ? 1 : 0)
        let rmse = (ls.residuals.reduce(0) { $0 + $1 * $1 } / Double(x.count)).squareRoot()
        return AffineComparison(slope: s, intercept: t, pearsonAfter: after, rSquared: ls.rSquared, rmse: rmse)
    }

    /// Spearman correlation of the order of several series at one `x`: each series is interpolated
    /// at `x` (linearly, in `log x` when `logX`), simulated against reported, over the names present
    /// in both and covering `x`. Answers "do the Rec 1…64 curves come in the published order here?".
    /// `nil` when fewer than two series qualify or one side is constant.
    public static func seriesOrderSpearman(
        simulated: [String: Series], reported: [String: Series], at x: Double, logX: Bool = true
    ) -> Double? {
        let order = seriesOrder(simulated: simulated, reported: reported, at: x, logX: logX)
        return order.series >= 2 ? order.spearman : nil
    }

    /// `seriesOrderSpearman` and the number of series it compared (callers that need more than two
    /// series check `series`).
    public static func seriesOrder(
        simulated: [String: Series], reported: [String: Series], at x: Double, logX: Bool = true
    ) -> (spearman: Double?, series: Int) {
        var sim: [Double] = [], rep: [Double] = []
        for name in simulated.keys.sorted() {
            guard let r = reported[name], let a = simulated[name]!.value(at: x, logX: logX),
                  let b = r.value(at: x, logX: logX) else { continue }
            sim.append(a); rep.append(b)
        }
        return (spearman(sim, rep), sim.count)
    }
}

/// A curve `y(x)` given at points, for comparisons at a common `x`.
public struct Series: Sendable, Equatable {
    public let x: [Double]
    public let y: [Double]

    /// Sorts the points by `x`.
    public init(x: [Double], y: [Double]) {
        precondition(x.count == y.count, "Series needs as many x as y values")
        let order = x.indices.sorted { x[$0] < x[$1] }
        self.x = order.map { x[$0] }
        self.y = order.map { y[$0] }
    }

    /// `y` at `x0` by linear interpolation (in `log x` when `logX`, for axes like tokens or FLOPs);
    /// `nil` outside the points' range.
    public func value(at x0: Double, logX: Bool = true) -> Double? {
        guard let first = x.first, let last = x.last, x0 >= first, x0 <= last else { return nil }
        var hi = 0
        while x[hi] < x0 { hi += 1 }
        if x[hi] == x0 || hi == 0 { return y[hi] }
        let lo = hi - 1
        let t = logX ? (log(x0) - log(x[lo])) / (log(x[hi]) - log(x[lo])) : (x0 - x[lo]) / (x[hi] - x[lo])
        return y[lo] + t * (y[hi] - y[lo])
    }
}
