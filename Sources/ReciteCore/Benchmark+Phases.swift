// The standard workload taken apart: each phase of the fused SGD step timed on its own, to show
// where a step's time goes (`recite bench --phases`).

extension Benchmark {
    /// Mean seconds per step of each phase of W(V, d, B), in step order, on one thread. Phases run `repeats` times each on the same batch (the numerics are not meaningful;
    /// the costs are).
    public static func phases(vocabulary v: Int, width d: Int, batch b: Int, repeats: Int = 10, seed: UInt64 = 1) -> [(name: String, seconds: Double)] {
        var rng = Xoshiro256(seed: seed)
        let m = LogBilinearModel(spec: ModelSpec(width: d, context: 1, combine: .sum, bias: true, outputInitScale: 1),
                                 vocabulary: v, rng: &rng)
        let ws = Workspace(model: m, capacity: b)
        let batch = batchPool(vocabulary: v, batch: b, count: 1, seed: seed)[0]
        let saved = FloatBuffer(count: b * v)
        var out: [(String, Double)] = []
        func time(_ name: String, _ body: () -> Void) {
            body()  // warm-up
            let t0 = now()
            for _ in 0..<repeats { body() }
            out.append((name, (now() - t0) / Double(repeats)))
        }
        batch.contexts.withUnsafeBufferPointer { cp in
            batch.targets.withUnsafeBufferPointer { tp in
                let x = cp.baseAddress!, y = tp.baseAddress!
                time("gather h = E[x]") { m.gather(contexts: x, count: b, into: ws.hidden.base) }
                time("sgemm logits = hW (NN)") { m.logits(hidden: ws.hidden.base, count: b, into: ws.logits.base) }
                saved.base.update(from: ws.logits.base, count: b * v)
                time("softmax + CE + db") {
                    ws.logits.base.update(from: saved.base, count: b * v)
                    _ = Softmax.crossEntropyGradientBatch(
                        logits: ws.logits.base, rows: b, width: v, bias: m.bias.base, targets: y, gradScale: 1 / Float(b),
                        rowLoss: ws.rowLoss.base, columnSums: ws.columnSums.base)
                }
                time("  (copy to restore logits)") { ws.logits.base.update(from: saved.base, count: b * v) }
                time("sgemm dh = gWᵀ (NT)") {
                    BLAS.sgemm(.none, .transposed, m: b, n: d, k: v, a: ws.logits.base, b: m.output.base, c: ws.hiddenGradient.base)
                }
                time("sgemm W += -lr·hᵀg (TN)") {
                    BLAS.sgemm(.transposed, .none, m: d, n: v, k: b, alpha: -1e-9, a: ws.hidden.base, b: ws.logits.base,
                               beta: 1, c: m.output.base)
                }
                time("bias update") { Vector.axpy(v, -1e-9, ws.columnSums.base, m.bias.base) }
                time("scatter E[x] -= lr·dh") {
                    m.scatter(contexts: x, count: b, hiddenGradient: ws.hiddenGradient.base, alpha: -1e-9, into: m.embeddings.base, record: nil)
                }
            }
        }
        return out
    }
}
