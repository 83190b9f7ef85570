// How graded a per-fact exposure response is. Studies of real models find accuracy rising roughly
// log-linearly with the number of times a fact was seen (Kandpal et al. 2023; Carlini et al. 2022),
// not a step. We test that on log-spaced exposure counts (1, 2, 4, …): a step puts at most one or
// two of them in the middle of the response's range; a graded response puts several there.
import Foundation

/// The spread of an exposure response over log-spaced exposure counts.
public enum ExposureResponse {
    /// The graded-ness of `scores` measured at `exposures`, using only counts that are powers of two
    /// (1, 2, 4, …), so a finely sampled step cannot pass by sampling many points inside its jump.
    /// Returns nil with fewer than two such counts.
    /// - `low`, `high`: the minimum and maximum score over those counts (the response's range);
    /// - `between`: the counts whose score is strictly inside `(low + 10%·range, low + 90%·range)`.
    public static func graded(exposures: [Int], scores: [Double], inner: Double = 0.1)
        -> (low: Double, high: Double, between: [Int])?
    {
        let pts = zip(exposures, scores).filter { $0.0 >= 1 && ($0.0 & ($0.0 - 1)) == 0 && $0.1.isFinite }
        guard pts.count >= 2 else { return nil }
        let low = pts.map(\.1).min()!, high = pts.map(\.1).max()!
        let range = high - low
        guard range > 0 else { return (low, high, []) }
        let between = pts.filter { $0.1 > low + inner * range && $0.1 < low + (1 - inner) * range }.map(\.0)
        return (low, high, between)
    }
}
