// The distractor law that makes four-way questions exactly fair to a model that knows no facts.
//
// Drawing the truth v from the prior p and three distractors i.i.d. from p, rejecting the
// distractors until all four differ, is NOT exchangeable: v is never rejected, so common values
// (which clash more often) are over-represented as answers, and a prior-only model scores above
// 25% (measured: 25.9% at 128 values, Zipf 0.5). The fix is to draw the distractors from a tilted
// law g with g(v) ∝ p(v) / P_g(distinct | v): then the joint law of (v, d1, d2, d3) after
// rejection is ∝ g(v)g(d1)g(d2)g(d3)·[all distinct], symmetric in the four options.

extension KnowledgeBase {
    // MARK: - Tilted distractor law

    /// Solves `g ∝ p / P_g(three draws from g are distinct from each other and from v)` by
    /// fixed-point iteration. With `S_k = Σ_{y≠v} g(y)^k`, the probability that three ordered
    /// i.i.d. draws are distinct and avoid `v` is `S_1³ − 3·S_1·S_2 + 2·S_3` (inclusion–exclusion
    /// over coincidences), so each step is O(values). The map is a mild contraction (g differs
    /// from p by a few percent); 200 steps or a change below 1e-15 suffice.
    static func distractorLaw(prior p: [Double]) -> [Double] {
        var g = p
        for _ in 0..<200 {
            let t2 = g.reduce(0) { $0 + $1 * $1 }, t3 = g.reduce(0) { $0 + $1 * $1 * $1 }
            var next = p.indices.map { v -> Double in
                let s1 = 1 - g[v], s2 = t2 - g[v] * g[v], s3 = t3 - g[v] * g[v] * g[v]
                return p[v] / (s1 * s1 * s1 - 3 * s1 * s2 + 2 * s3)
            }
            let total = next.reduce(0, +)
            for v in next.indices { next[v] /= total }
            let change = zip(next, g).reduce(0) { $0 + abs($1.0 - $1.1) }
            g = next
            if change < 1e-15 { break }
        }
        return g
    }
}
