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
// The embedding decay and scatter are small and stay on the caller's thread.

extension Trainer {
    /// The shared description of one split step: raw pointers only, each half writes disjoint memory.
    struct SplitStep: @unchecked Sendable {
        let chunk: Softmax.Chunk
        let hidden: UnsafeMutablePointer<Float>, output: UnsafeMutablePointer<Float>
        let hiddenGradient: UnsafeMutablePointer<Float>, bias: UnsafeMutablePointer<Float>?
        let columnSums: UnsafeMutablePointer<Float>
        let rows: Int, h: Int, v: Int, columnSplit: Int, lr: Float, decay: Float

        /// Phase 0: the rows of half `c`. Phase 1: the output columns of half `c`.
        func run(phase: Int, half c: Int) {
            if phase == 0 {
                let lo = c == 0 ? 0 : chunk.split, hi = c == 0 ? chunk.split : rows
                if hi > lo { BLAS.sgemm(.none, .none, m: hi - lo, n: v, k: h, a: hidden + lo * h, b: output, c: chunk.logits + lo * v) }
                chunk.run(c)  // zeroes its partial sum and loss when it has no rows
                if hi > lo { BLAS.sgemm(.none, .transposed, m: hi - lo, n: h, k: v, a: chunk.logits + lo * v, lda: v, b: output, ldb: v,
                           c: hiddenGradient + lo * h) }
            } else {
                let c0 = c == 0 ? 0 : columnSplit, c1 = c == 0 ? columnSplit : v
                guard c1 > c0 else { return }
                BLAS.sgemm(.transposed, .none, m: h, n: c1 - c0, k: rows, alpha: -lr, a: hidden, lda: h,
                           b: chunk.logits + c0, ldb: v, beta: decay, c: output + c0, ldc: v)
                if let bias { Vector.axpy(c1 - c0, -lr, columnSums + c0, bias + c0) }
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
        m.gather(contexts: contexts, count: n, into: ws.hidden.base)
        let hasBias = m.bias.count > 0
        var losses: (Double, Double) = (0, 0)
        withUnsafeMutableBytes(of: &losses) { lossBytes in
            let chunk = Softmax.Chunk(
                logits: ws.logits.base, rows: n, split: (n + 1) / 2, width: v,
                bias: hasBias ? UnsafePointer(m.bias.base) : nil, targets: targets, gradScale: 1 / Float(n),
                rowLoss: ws.rowLoss.base, columnSums: ws.columnSums.base, losses: lossBytes.baseAddress!.assumingMemoryBound(to: Double.self))
            // Split the columns on a 16-float boundary (whole cache lines for each thread).
            let split = SplitStep(chunk: chunk, hidden: ws.hidden.base, output: m.output.base, hiddenGradient: ws.hiddenGradient.base,
                                  bias: hasBias ? m.bias.base : nil, columnSums: ws.columnSums.base, rows: n, h: h, v: v,
                                  columnSplit: min(v, ((v / 2) + 15) / 16 * 16), lr: lr, decay: 1 - lr * optimizer.spec.weightDecay)
            withUnsafePointer(to: split) { sp in
                let ctx = UnsafeRawPointer(sp)
                HelperThread.shared.run(ctx, helperJob: { $0.assumingMemoryBound(to: SplitStep.self).pointee.run(phase: 0, half: 1) },
                                        callerJob: { split.run(phase: 0, half: 0) })
                Softmax.combineColumnSums(ws.columnSums.base, width: v)
                HelperThread.shared.run(ctx, helperJob: { $0.assumingMemoryBound(to: SplitStep.self).pointee.run(phase: 1, half: 1) },
                                        callerJob: { split.run(phase: 1, half: 0) })
            }
        }
        let decay = 1 - lr * optimizer.spec.weightDecay
        if decay != 1 { BLAS.sscal(n: m.embeddings.count, alpha: decay, x: m.embeddings.base) }
        m.scatter(contexts: contexts, count: n, hiddenGradient: ws.hiddenGradient.base, alpha: -lr,
                  into: m.embeddings.base, record: nil)
        return losses.0 + losses.1
    }
}
