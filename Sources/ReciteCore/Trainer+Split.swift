// The fused plain-SGD step on two threads that we split ourselves, with BLAS single-threaded.
//
// OpenBLAS threads each product on its own, with a fork and join (and a malloc) per call, and
// splits small products poorly: at W(1024, 64, 256) two BLAS threads ran a step barely faster than
// one. Here the step is split once, along the data: the caller's thread and one helper each take
// half of the batch rows for
//   logits = hW + b,  softmax cross-entropy (g rows, partial Σg),  dh = gWᵀ
// which need no communication (each row of g depends only on its own logits; W is read-only),
// then, after one join, half of the output columns each for
//   W[:, cols] ← (1 − lr·λ)·W[:, cols] − lr·hᵀ·g[:, cols],   b[cols] −= lr·Σg[cols]
// which needs every row of g (and must not start before both halves have read W for dh).
// Both halves run inside one hand-off to the helper thread, with a spinning two-party barrier
// between the row work and the column work (one fork, one barrier, one join per step): each half
// also gathers its own rows of h before, and combines its own columns' partial Σg and (with weight
// decay) scales its half of E after the barrier. Only the scatter stays on the caller's thread.

extension Trainer {
    /// The shared description of one split step: raw pointers only, each half writes disjoint memory.
    struct SplitStep: @unchecked Sendable {
        unowned(unsafe) let model: LogBilinearModel
        let contexts: UnsafePointer<Int32>
        let chunk: Softmax.Chunk
        let hidden: UnsafeMutablePointer<Float>, output: UnsafeMutablePointer<Float>
        let hiddenGradient: UnsafeMutablePointer<Float>, bias: UnsafeMutablePointer<Float>?
        let columnSums: UnsafeMutablePointer<Float>
        let embeddings: UnsafeMutablePointer<Float>, embeddingCount: Int
        /// The barrier between the row work and the column work (zero before the step).
        let barrier: UnsafeMutablePointer<Int>
        let rows: Int, h: Int, v: Int, columnSplit: Int, lr: Float, decay: Float

        /// Half `c`: its rows of h, logits, g and dh; then, once both halves are there, its output
        /// columns of W and b, and its half of the embedding decay.
        func run(half c: Int) {
            let lo = c == 0 ? 0 : chunk.split, hi = c == 0 ? chunk.split : rows
            if hi > lo {
                let k = model.context
                model.gather(contexts: contexts + lo * k, count: hi - lo, into: hidden + lo * h)
                BLAS.sgemm(.none, .none, m: hi - lo, n: v, k: h, a: hidden + lo * h, b: output, c: chunk.logits + lo * v)
            }
            chunk.run(c)  // zeroes its partial sum and loss when it has no rows
            if hi > lo { BLAS.sgemm(.none, .transposed, m: hi - lo, n: h, k: v, a: chunk.logits + lo * v, lda: v, b: output, ldb: v,
                                    c: hiddenGradient + lo * h) }
            HelperThread.barrier(barrier)
            let c0 = c == 0 ? 0 : columnSplit, c1 = c == 0 ? columnSplit : v
            if c1 > c0 {
                BLAS.sgemm(.transposed, .none, m: h, n: c1 - c0, k: rows, alpha: -lr, a: hidden, lda: h,
                           b: chunk.logits + c0, ldb: v, beta: decay, c: output + c0, ldc: v)
                if let bias {
                    Softmax.combineColumnSums(columnSums + c0, partial: columnSums + v + c0, count: c1 - c0)
                    Vector.axpy(c1 - c0, -lr, columnSums + c0, bias + c0)
                }
            }
            if decay != 1 {
                let e0 = c == 0 ? 0 : (embeddingCount / 2) / 16 * 16, e1 = c == 0 ? (embeddingCount / 2) / 16 * 16 : embeddingCount
                if e1 > e0 { BLAS.sscal(n: e1 - e0, alpha: decay, x: embeddings + e0) }
            }
        }
    }

    /// Same update as `fusedSGDStep`, same softmax chunks (so the same g bit for bit); BLAS runs
    /// single-threaded inside and its thread count is restored before returning.
    func splitSGDStep(contexts: UnsafePointer<Int32>, targets: UnsafePointer<Int32>, count n: Int, learningRate lr: Float) -> Double {
        let ws = workspace, m = model, h = m.hiddenSize, v = m.outputClasses
        precondition(n >= 1 && n <= ws.capacity, "batch of \(n) outside workspace capacity \(ws.capacity)")
        let threads = BLAS.threads
        BLAS.setThreads(1)
        defer { BLAS.setThreads(threads) }
        let hasBias = m.bias.count > 0
        // Per-chunk losses and the barrier cell live on this call's stack (no allocation).
        var losses: (Double, Double) = (0, 0)
        var barrier = 0
        withUnsafeMutableBytes(of: &losses) { lossBytes in
            withUnsafeMutablePointer(to: &barrier) { barrierCell in
                let chunk = Softmax.Chunk(
                    logits: ws.logits.base, rows: n, split: (n + 1) / 2, width: v,
                    bias: hasBias ? UnsafePointer(m.bias.base) : nil, targets: targets, gradScale: 1 / Float(n),
                    rowLoss: ws.rowLoss.base, columnSums: ws.columnSums.base, losses: lossBytes.baseAddress!.assumingMemoryBound(to: Double.self))
                // Split the columns on a 16-float boundary (whole cache lines for each thread).
                let split = SplitStep(model: m, contexts: contexts, chunk: chunk, hidden: ws.hidden.base, output: m.output.base,
                                      hiddenGradient: ws.hiddenGradient.base, bias: hasBias ? m.bias.base : nil,
                                      columnSums: ws.columnSums.base, embeddings: m.embeddings.base, embeddingCount: m.embeddings.count,
                                      barrier: barrierCell, rows: n, h: h, v: v,
                                      columnSplit: min(v, ((v / 2) + 15) / 16 * 16), lr: lr, decay: 1 - lr * optimizer.spec.weightDecay)
                withUnsafePointer(to: split) { sp in
                    HelperThread.shared.run(UnsafeRawPointer(sp), helperJob: { $0.assumingMemoryBound(to: SplitStep.self).pointee.run(half: 1) },
                                            callerJob: { split.run(half: 0) })
                }
            }
        }
        m.scatter(contexts: contexts, count: n, hiddenGradient: ws.hiddenGradient.base, alpha: -lr,
                  into: m.embeddings.base, record: nil)
        return losses.0 + losses.1
    }
}
