#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ReciteCore

// Weighted sampling without replacement (Efraimidis & Spirakis 2006): the coverage order of
// facts and programs.

/// Orders of items drawn without replacement in proportion to their weights.
public enum WeightedOrder {
    /// A permutation of `0..<weights.count`: item `i` gets the key `log(r_i)/w_i` (the log of
    /// Efraimidis–Spirakis' `r^(1/w)`, which avoids underflow) and items are sorted by key,
    /// largest first. Every prefix is a weighted sample without replacement, so the corpus for a
    /// larger budget (a longer prefix) contains the smaller one's items, and popular items come
    /// first. Zero weights go last. Ties (probability zero) break by index, so the result is
    /// bit-reproducible. O(n log n).
    public static func permutation(weights: [Double], rng: inout Xoshiro256) -> [Int32] {
        let keys: [Double] = weights.map { w in
            var r = rng.nextDouble()
            while r == 0 { r = rng.nextDouble() }
            return w > 0 ? log(r) / w : -.infinity
        }
        return (0..<Int32(weights.count)).sorted { a, b in
            let ka = keys[Int(a)], kb = keys[Int(b)]
            return ka != kb ? ka > kb : a < b
        }
    }
}
