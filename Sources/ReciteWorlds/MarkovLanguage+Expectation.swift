// Expectations of a per-token value under the next-token law, for exact held-out scores: the
// sparse + rank-one form makes each one a dot product with u plus m successor terms, with no
// dense V×V table.

extension MarkovLanguage {
    /// `Σ_y P(y | x)·values[y]` over this language's tokens, where `values` is a row indexed by
    /// token id (at least `offset + count` entries); `x = 0` (BOS) uses π. O(n + m).
    public func expectation(of values: UnsafePointer<Float>, after x: Int32) -> Double {
        let row = values + Int(offset)
        if x == 0 { return Self.dot(stationaryDistribution, row) }
        let lx = local(x), m = spec.successors, lambda = spec.structure
        let w = successorWeights.probabilities
        var structured = 0.0
        for j in 0..<m { structured += w[j] * Double(row[Int(successorTable[lx * m + j])]) }
        return (1 - lambda) * Self.dot(unigram.probabilities, row) + lambda * structured
    }

    /// `Σ_y p[y]·row[y]` in double precision, four partial sums (a fixed order, so the same bits
    /// every time; independent sums so the adds do not wait on each other).
    static func dot(_ p: [Double], _ row: UnsafePointer<Float>) -> Double {
        p.withUnsafeBufferPointer { q in
            let n = q.count
            var s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0, y = 0
            while y + 4 <= n {
                s0 += q[y] * Double(row[y]); s1 += q[y + 1] * Double(row[y + 1])
                s2 += q[y + 2] * Double(row[y + 2]); s3 += q[y + 3] * Double(row[y + 3])
                y += 4
            }
            while y < n { s0 += q[y] * Double(row[y]); y += 1 }
            return (s0 + s1) + (s2 + s3)
        }
    }
}
