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

extension KnowledgeBase {
    // MARK: - When fair questions exist

    /// Whether four-way questions with distinct options can be fair under `prior`, and how hard
    /// drawing them is. In an exchangeable question each value is one of four distinct options, so
    /// it is the answer at most a quarter of the time: a prior whose most common value has
    /// probability ≥ 1/4 (Zipf 1.2 over 256 values: 0.254) has no fair law, and the tilt's fixed
    /// point drives the distractors onto that value, so drawing three distinct ones never ends.
    /// Near the bound the law exists but the draws are rejected almost always; `acceptance` is the
    /// lowest probability over true values that one draw of three distractors is kept.
    static func fairQuestionFeasibility(prior p: [Double]) -> (topShare: Double, acceptance: Double) {
        let total = p.reduce(0, +)
        let top = (p.max() ?? 0) / total
        guard top < 0.25 else { return (top, 0) }
        // Far from the bound every draw is kept with probability ≳ 0.1; skip the fixed point.
        guard top >= 0.2 else { return (top, 1) }
        let g = distractorLaw(prior: p.map { $0 / total })
        let t2 = g.reduce(0) { $0 + $1 * $1 }, t3 = g.reduce(0) { $0 + $1 * $1 * $1 }
        let acceptance = g.indices.map { v -> Double in
            let s1 = 1 - g[v], s2 = t2 - g[v] * g[v], s3 = t3 - g[v] * g[v] * g[v]
            return s1 * s1 * s1 - 3 * s1 * s2 + 2 * s3
        }.min() ?? 0
        return (top, acceptance)
    }
}
