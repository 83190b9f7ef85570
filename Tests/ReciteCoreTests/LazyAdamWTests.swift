// Lazy (sparse) AdamW on the embedding table: only the batch's rows move, each once, with the bits
// dense AdamW gives them; the output matrix and bias stay dense.
import Testing
@testable import ReciteCore

@Suite struct LazyAdamWTests {
    /// Buffers for a 6-row, width-3 embedding table, a 3 × 4 output matrix and a 4-class bias.
    static func buffers(seed: UInt64) -> (params: [FloatBuffer], grads: [FloatBuffer]) {
        var rng = Xoshiro256(seed: seed)
        let counts = [18, 12, 4]
        let params = counts.map { FloatBuffer(count: $0) }, grads = counts.map { FloatBuffer(count: $0) }
        for p in 0..<3 { for i in 0..<counts[p] { params[p][i] = Float(rng.nextDouble() * 2 - 1) } }
        return (params, grads)
    }

    static func fill(_ grads: [FloatBuffer], rows: [Int], step: Int) {
        for p in 0..<3 { for i in 0..<grads[p].count { grads[p][i] = 0 } }
        for r in rows { for j in 0..<3 { grads[0][r * 3 + j] = Float(step + 1) * 0.1 * Float(r + 1) - Float(j) * 0.3 } }
        for i in 0..<12 { grads[1][i] = Float(i % 5) * 0.2 - 0.4 + Float(step) * 0.05 }
        for i in 0..<4 { grads[2][i] = Float(i) * 0.1 - 0.15 }
    }

    static func spec(lazy: Bool) -> OptimizerSpec {
        var s = OptimizerSpec(); s.kind = .adamw; s.weightDecay = 0.1; s.lazyEmbeddings = lazy
        return s
    }

    /// Three steps touching rows {1, 4, 4}, {4}, {0, 1}: the untouched rows (2, 3, 5) never move;
    /// each touched row has the bits of dense AdamW applied at exactly the steps that touched it
    /// (replayed row by row on its own), and the output matrix and bias match dense AdamW bit for bit.
    @Test func onlyTheBatchRowsMoveWithDenseAdamWBits() {
        let batches: [[Int32]] = [[1, 4, 4], [4], [0, 1]]
        let (params, grads) = Self.buffers(seed: 3)
        let start = params.map { b in (0..<b.count).map { b[$0] } }
        let lazy = Optimizer(spec: Self.spec(lazy: true), parameterCounts: [18, 12, 4])
        let (denseParams, denseGrads) = Self.buffers(seed: 3)
        let dense = Optimizer(spec: Self.spec(lazy: false), parameterCounts: [18, 12, 4])
        for (t, rows) in batches.enumerated() {
            Self.fill(grads, rows: rows.map(Int.init), step: t)
            Self.fill(denseGrads, rows: rows.map(Int.init), step: t)
            rows.withUnsafeBufferPointer { rp in
                lazy.step(parameters: params, gradients: grads, decays: [true, true, false], embeddingWidth: 3,
                          touchedRows: rp, learningRate: 0.01)
                dense.step(parameters: denseParams, gradients: denseGrads, decays: [true, true, false], embeddingWidth: 3,
                           touchedRows: rp, learningRate: 0.01)
            }
        }
        for r in [2, 3, 5] { for j in 0..<3 { #expect(params[0][r * 3 + j] == start[0][r * 3 + j], "row \(r) moved") } }
        for p in 1..<3 { for i in 0..<params[p].count { #expect(params[p][i] == denseParams[p][i], "buffer \(p)[\(i)]") } }
        // Replay each touched row alone: dense AdamW on a width-3 buffer, stepped only when its row was in the batch.
        for r in [0, 1, 4] {
            let w = FloatBuffer(count: 3), g = FloatBuffer(count: 3), m = FloatBuffer(count: 3), v = FloatBuffer(count: 3)
            for j in 0..<3 { w[j] = start[0][r * 3 + j] }
            for (t, rows) in batches.enumerated() where rows.contains(Int32(r)) {
                for j in 0..<3 { g[j] = Float(t + 1) * 0.1 * Float(r + 1) - Float(j) * 0.3 }
                let (c1, c2) = Optimizer.adamwCorrections(beta1: 0.9, beta2: 0.999, step: t + 1)
                Optimizer.adamwReference(w: w.base, g: g.base, m: m.base, v: v.base, count: 3, beta1: 0.9, beta2: 0.999,
                                         c1: c1, c2: c2, learningRate: 0.01, epsilon: 1e-8, decay: 1 - 0.01 * 0.1)
            }
            for j in 0..<3 { #expect(params[0][r * 3 + j] == w[j], "row \(r)[\(j)]: \(params[0][r * 3 + j]) vs \(w[j])") }
        }
        // Dense AdamW moves the untouched rows too (their decay and their momentum): the two must differ there.
        #expect(denseParams[0][2 * 3] != start[0][2 * 3] || denseParams[0][4 * 3] != params[0][4 * 3])
    }

    /// Lazy rows keep moving less after their use than dense ones: after one use and nine idle
    /// steps, the dense row has travelled on its momentum, the lazy row has not moved since.
    @Test func aLazyRowStopsWhenItsGradientStops() {
        let (params, grads) = Self.buffers(seed: 5), (dp, dg) = Self.buffers(seed: 5)
        let lazy = Optimizer(spec: Self.spec(lazy: true), parameterCounts: [18, 12, 4])
        let dense = Optimizer(spec: Self.spec(lazy: false), parameterCounts: [18, 12, 4])
        let used: [Int32] = [2], none: [Int32] = []
        Self.fill(grads, rows: [2], step: 0); Self.fill(dg, rows: [2], step: 0)
        used.withUnsafeBufferPointer { rp in
            lazy.step(parameters: params, gradients: grads, decays: [false, false, false], embeddingWidth: 3, touchedRows: rp, learningRate: 0.01)
            dense.step(parameters: dp, gradients: dg, decays: [false, false, false], embeddingWidth: 3, touchedRows: rp, learningRate: 0.01)
        }
        let afterUse = (0..<3).map { params[0][6 + $0] }
        #expect(afterUse == (0..<3).map { dp[0][6 + $0] }, "the first use is the same step")
        for t in 1..<10 {
            Self.fill(grads, rows: [], step: t); Self.fill(dg, rows: [], step: t)
            none.withUnsafeBufferPointer { rp in
                lazy.step(parameters: params, gradients: grads, decays: [false, false, false], embeddingWidth: 3, touchedRows: rp, learningRate: 0.01)
                dense.step(parameters: dp, gradients: dg, decays: [false, false, false], embeddingWidth: 3, touchedRows: rp, learningRate: 0.01)
            }
        }
        #expect((0..<3).map { params[0][6 + $0] } == afterUse)
        let drift = (0..<3).map { abs(dp[0][6 + $0] - afterUse[$0]) }.max()!
        #expect(drift > 0.02, "dense AdamW keeps moving the row on momentum (moved \(drift))")
    }

    @Test func lazyEmbeddingsNeedAdamW() {
        var s = OptimizerSpec(); s.lazyEmbeddings = true
        #expect(throws: SpecError(spec: "optimizer", field: "lazy_embeddings", expected: "false unless kind is adamw",
                                  found: "true with kind sgd")) { try s.validate() }
        s.kind = .adamw
        #expect(throws: Never.self) { try s.validate() }
    }
}
