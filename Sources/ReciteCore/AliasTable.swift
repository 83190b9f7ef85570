#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// Walker's alias method: O(1) draws from a fixed categorical distribution after O(n) set-up.

/// A categorical distribution over `0..<count`, sampled in constant time (Vose's alias method).
public struct AliasTable: Sendable {
    /// Normalised probabilities, kept for entropy and likelihood computations.
    public let probabilities: [Double]
    private let threshold: [Double]
    private let alias: [Int32]

    /// Builds the table from non-negative weights (at least one positive).
    public init(weights: [Double]) {
        let n = weights.count
        precondition(n > 0, "AliasTable needs at least one weight")
        let total = weights.reduce(0, +)
        precondition(total > 0 && total.isFinite, "AliasTable needs a positive, finite total weight")
        let p = weights.map { $0 / total }
        probabilities = p
        var scaled = p.map { $0 * Double(n) }
        var thr = [Double](repeating: 1, count: n)
        var al = [Int32](repeating: 0, count: n)
        var small: [Int] = [], large: [Int] = []
        for i in 0..<n { if scaled[i] < 1 { small.append(i) } else { large.append(i) } }
        while let s = small.popLast(), let l = large.last {
            thr[s] = scaled[s]; al[s] = Int32(l)
            scaled[l] -= 1 - scaled[s]
            if scaled[l] < 1 { large.removeLast(); small.append(l) }
        }
        for i in large { thr[i] = 1; al[i] = Int32(i) }
        for i in small { thr[i] = 1; al[i] = Int32(i) }  // round-off leftovers
        threshold = thr; alias = al
    }

    public var count: Int { probabilities.count }

    /// One draw.
    @inline(__always)
    public func sample(_ rng: inout Xoshiro256) -> Int {
        let i = rng.nextInt(threshold.count)
        return rng.nextDouble() < threshold[i] ? i : Int(alias[i])
    }

    /// Shannon entropy in nats.
    public var entropy: Double {
        probabilities.reduce(0) { $0 - ($1 > 0 ? $1 * log($1) : 0) }
    }

    /// Zipf weights `1/(i+1)^s` for `i` in `0..<n`.
    public static func zipfWeights(count n: Int, exponent s: Double) -> [Double] {
        (0..<n).map { 1 / pow(Double($0 + 1), s) }
    }
}
