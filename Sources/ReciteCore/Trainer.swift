// One training step of the log-bilinear softmax model, top to bottom (llm.c-style).
//
// What this is: the forward pass, the fused softmax cross-entropy, the backward pass and the
// update of one batch, allocation-free, on `threads` threads that the trainer splits itself.
// OpenBLAS always runs single-threaded (see `BLAS.useOneThread`). What it is not: autograd or a
// model zoo; the parameters live in LogBilinearModel.swift, momentum and AdamW in Optimizer.swift.
//
// Shapes (B = rows in the batch, k = context, d = width, H = d (sum) or k·d (concat), V = classes):
//   x (B,k) token ids   y (B) targets   E (k·V_in,d) embeddings   W (H,V) output   b (V) bias
//   h (B,H) hidden      logits (B,V), overwritten by g = dloss/dlogits   dh (B,H)
//
// Parallelism: the step is split once, along the data. Part p of P takes a block of rows for the
// row stage (its rows of g need only its own logits; W is read-only there), then, after one
// barrier, a block of columns for the column stage (which needs every row of g, and must not
// write W before every part has read it for dh). The softmax always runs in at least two chunks
// of rows, each with its own partial Σ_rows g added in chunk order, so one and two threads give
// the same bits. Only the scatter into E (rows repeat) stays on the caller's thread.
//
// Variants, each kept because `recite bench` shows it pays (W(V, d, B) = vocabulary, width, batch;
// one thread measured in CPU seconds, `--cpu-time`, on the shared 2-core machine, best of 2-3):
//   - plain SGD writes its update straight into W, b and E, with no gradient buffers: W(1024, 64,
//     256) 190k tokens/s against 182k through `Gradients` and `Optimizer.step` (+4%); W(40960, 32,
//     64) 4.7k against 4.2k (+13%), `recite bench --gradient-path`. Momentum and AdamW take the
//     gradient path (the same stages, storing dW and db instead).
//   - P > 1 parts: W(1024, 64, 256) 474,830 tokens/s on 2 threads against 252,319 on 1 (1.9×),
//     measured on a quiet machine with the same split (README, Performance).
//   - H ≤ 6 (NarrowStep.everyLevelWidth; 11 at the AVX2 level, NarrowStep.avx2Width): the narrow-width row kernels (CKernels/narrow_body.h) instead of
//     the three sgemm: each row of logits is made, soft-maxed and consumed in cache and hᵀg is
//     summed per chunk of rows. `recite bench --cpu-time --sgemm-step` against the default, 1 thread,
//     on the shared 2-core Zen 3 machine: W(1024, 2, 64) 1.08M tokens/s against 382k, W(1024, 6, 64)
//     534k against 331k, W(40961, 1, 64) 27.2k against 7.3k, W(40961, 6, 64) 8.5k against 6.8k; at
//     H = 7 and 8 it was slower (the H dot products no longer fit in registers). Since 2026-12-04 pass 3
//     takes one row of W at a time on AVX2, which keeps four dot products in registers at any H: then
//     W(1024, 8, 64) 673k against 473k and W(1024, 11, 64) 551k against 364k (Zen 3), so the AVX2 level
//     takes the row kernel up to H = 11; on a Zen 4 (AVX-512) sgemm was faster from H = 6 on.
//     Not bit-identical to the sgemm step (the products sum in another order): parameters agree to
//     about 1e-7 after 5 steps (NarrowStepTests).
//   - V ≥ NarrowStep.blockedMinClasses (8,192), H·V ≥ 65,536 and H ≤ 16: the column-blocked kernel
//     (CKernels/blocked_body.h): each chunk of rows swept one block of columns at a time, so W and
//     the accumulator are read once per chunk, not once per row. `recite bench --cpu-time --step`,
//     1 thread, quiet Zen 4 with AVX-512: W(40961, 5, 64) 24.5-25.5k tokens/s against 15.8-16.3k on
//     the row kernel; W(40961, 10, 64) 14.8-15.6k against 10.0-10.7k on sgemm; at H = 1 the row
//     kernel is as fast (46.8k against 43-47k) and keeps it; at V = 1,025 and 4,353 sgemm (H ≥ 8) or
//     the row kernel (H ≤ 6) is faster. Not bit-identical to the row or sgemm step (another order).
// Tried and dropped before that: the logits of small H computed inside the softmax kernel while g
// still went through two sgemm (no faster at H = 2…16 then), and one row at a time at V = 40,961
// (no faster at H = 1 and 5, slower at 10).
// Also dropped (2026-12-03): the four-row pass 3 at H = 5-6 in two sweeps of H/2 rows of W, to keep
// its 4·H dot products in registers; interleaved `recite bench --step rows --cpu-time` runs of the
// three builds on the Zen 4 could not tell them apart (d = 6: 690-870k tokens/s each, ±15% noise).

/// Trains one model with one optimizer over batches of at most `batchSize` examples.
public final class Trainer: @unchecked Sendable {
    public let model: LogBilinearModel
    public let optimizer: Optimizer
    public let schedule: LearningRateSchedule
    public let workspace: Workspace
    public let gradients: Gradients
    /// Threads a step runs on: the caller's and `threads − 1` persistent helpers.
    public let threads: Int
    /// Whether plain SGD writes its update straight into the parameters.
    public let fuseSGD: Bool
    /// How steps compute the output layer: the three sgemm, or one of the narrow-width kernels.
    public let path: NarrowStep.Path
    /// Whether steps take one of the narrow-width kernels (`NarrowStep`) instead of the three sgemm.
    public var narrow: Bool { path != .sgemm }
    /// From this hidden width on, the sgemm step computes dh as (W·gᵀ)ᵀ: OpenBLAS (0.3.21, one
    /// thread, B = 64, V = 1024) runs that operand order at 81 GFLOP/s against 70 for g·Wᵀ at H = 128,
    /// 89 against 71 at H = 256, the same at 64, and slower below (35 against 62 at 16).
    public static let transposedBackwardWidth = 128
    /// Steps taken.
    public private(set) var step = 0
    /// When set, each step adds its stages' seconds here (part 0's view; `recite profile`).
    public var stageTimes: StageTimes?

    /// `fuseSGD: false` sends plain SGD through the gradient path too (for `recite bench
    /// --gradient-path`, which measures what the fusion saves). `narrowStep: false` keeps the sgemm
    /// step at widths the narrow-width kernels would take (`recite bench --sgemm-step`, and tests);
    /// `path` forces one path (`recite bench --step`; it must take the width, `NarrowStep.takes`).
    public init(model: LogBilinearModel, optimizer spec: OptimizerSpec, batchSize: Int, totalSteps: Int, threads: Int = 1,
                fuseSGD: Bool = true, narrowStep: Bool = true, path forced: NarrowStep.Path? = nil) {
        precondition(threads >= 1, "a trainer needs at least one thread")
        let H = model.hiddenSize, V = model.outputClasses
        let path = forced ?? (narrowStep ? NarrowStep.path(width: H, classes: V) : .sgemm)
        precondition(NarrowStep.takes(path, width: H), "the \(path) step does not take width \(H)")
        BLAS.useOneThread()
        self.model = model
        self.threads = threads
        self.fuseSGD = fuseSGD
        self.path = path
        optimizer = Optimizer(spec: spec, model: model)
        schedule = LearningRateSchedule(spec: spec, totalSteps: totalSteps)
        workspace = Workspace(model: model, capacity: batchSize, chunks: max(threads, 2), path: path)
        gradients = Gradients(model: model, capacity: batchSize)
    }

    /// One update on `n` examples (`contexts` is `n × k`). Returns the batch's mean loss before the
    /// update (NaN or ∞ when the run diverges; the caller decides what to do).
    @discardableResult
    public func step(contexts: UnsafePointer<Int32>, targets: UnsafePointer<Int32>, count n: Int) -> Double {
        let ws = workspace, m = model, sgd = fuseSGD && optimizer.isPlainSGD
        precondition(n >= 1 && n <= ws.capacity, "batch of \(n) outside workspace capacity \(ws.capacity)")
        let lr = schedule.rate(at: step)
        step += 1
        stageTimes?.start()
        var barrier = 0  // on this call's stack: nothing allocated per step
        withUnsafeMutablePointer(to: &barrier) { cell in
            let stages = Stages(
                model: m, x: contexts, y: targets, rows: n, parts: threads, chunks: ws.chunks, sgd: sgd,
                lr: lr, decay: sgd ? 1 - lr * optimizer.spec.weightDecay : 1, h: ws.hidden.base, logits: ws.logits.base,
                dh: ws.hiddenGradient.base, sums: ws.columnSums.base, losses: ws.chunkLosses,
                dW: gradients.output.base, db: gradients.bias.base,
                accumulators: narrow ? ws.narrowAccumulators.base : nil,
                // the workspace sized these for this trainer's path (empty where the path has no use for them)
                dhT: ws.transposedHiddenGradient.count > 0 ? ws.transposedHiddenGradient.base : nil,
                blockedStats: ws.blockedStats.count > 0 ? ws.blockedStats.base : nil, barrier: cell, times: stageTimes)
            withUnsafePointer(to: stages) { sp in
                HelperThreads.shared.run(parts: threads, UnsafeRawPointer(sp)) { $0.assumingMemoryBound(to: Stages.self).pointee.run(part: $1) }
            }
        }
        // E[x] −= lr·dh (plain SGD) or dE[x] += dh, on one thread: a row can repeat in a batch.
        m.scatter(contexts: contexts, count: n, hiddenGradient: ws.hiddenGradient.base, alpha: sgd ? -lr : 1,
                  into: sgd ? m.embeddings.base : gradients.embeddings.base, record: sgd ? nil : gradients)
        if !sgd { optimizer.step(model: m, gradients: gradients, learningRate: lr) }
        stageTimes?.lap(.update)
        var loss = 0.0
        for c in 0..<ws.chunks { loss += ws.chunkLosses[c] }
        return loss / Double(n)
    }

    /// The stages of one step as raw pointers; every part writes disjoint rows, columns and slots.
    struct Stages: @unchecked Sendable {
        unowned(unsafe) let model: LogBilinearModel
        let x: UnsafePointer<Int32>, y: UnsafePointer<Int32>
        let rows: Int, parts: Int, chunks: Int, sgd: Bool, lr: Float, decay: Float
        let h: UnsafeMutablePointer<Float>, logits: UnsafeMutablePointer<Float>, dh: UnsafeMutablePointer<Float>
        /// `chunks × V` partial column sums of g; `losses` holds one summed loss per chunk.
        let sums: UnsafeMutablePointer<Float>, losses: UnsafeMutablePointer<Double>
        let dW: UnsafeMutablePointer<Float>, db: UnsafeMutablePointer<Float>
        /// `chunks × H × V` partial hᵀg of the narrow-width step; nil on the sgemm step.
        let accumulators: UnsafeMutablePointer<Float>?
        /// `B × H` scratch for dhᵀ at H ≥ `Trainer.transposedBackwardWidth`; nil below it.
        let dhT: UnsafeMutablePointer<Float>?
        /// `rows × (2·blocks + 1)` per-row statistics of the column-blocked step; nil on the others.
        let blockedStats: UnsafeMutablePointer<Float>?
        let barrier: UnsafeMutablePointer<Int>
        let times: StageTimes?

        /// First row of softmax chunk `c` (chunk sizes differ by at most one).
        func rowStart(_ c: Int) -> Int { (c * rows + chunks - 1) / chunks }
        /// First output column of part `p`, on a 16-float boundary (whole cache lines per thread).
        func columnStart(_ p: Int, _ v: Int) -> Int { p == parts ? v : min(v, (p * v / parts + 15) / 16 * 16) }

        func run(part p: Int) {
            let m = model, H = m.hiddenSize, V = m.outputClasses, B = rows, k = m.context
            let W = m.output.base, bias: UnsafeMutablePointer<Float>? = m.bias.count > 0 ? m.bias.base : nil
            let timed = p == 0 ? times : nil
            let c0 = p * chunks / parts, c1 = (p + 1) * chunks / parts  // this part's softmax chunks
            let r0 = rowStart(c0), r1 = rowStart(c1)                    // and their rows
            if let accumulators { return runNarrow(part: p, rows: r0..<r1, chunks: c0..<c1, accumulators: accumulators) }

            // MARK: - Row stage: forward, softmax, dh
            if r1 > r0 {
                // h[r0..<r1] = gather(E, x): the context embeddings, summed or concatenated   h is (B,H)
                m.gather(contexts: x + r0 * k, count: r1 - r0, into: h + r0 * H)
                // logits[r0..<r1] = h·W                                                     logits is (B,V)
                BLAS.sgemm(.none, .none, m: r1 - r0, n: V, k: H, a: h + r0 * H, b: W, c: logits + r0 * V)
            }
            timed?.lap(.forward)
            // g = (softmax(logits + b) − onehot(y)) / B in place, chunk by chunk; chunk c leaves its
            // loss Σ −log p(y) in losses[c] and, with a bias, its Σ_rows g in sums[c·V..<(c+1)·V]
            for c in c0..<c1 {
                let lo = rowStart(c), hi = rowStart(c + 1)
                if bias != nil { (sums + c * V).update(repeating: 0, count: V) }
                losses[c] = Softmax.crossEntropyRows(
                    logits: logits + lo * V, rows: hi - lo, width: V, bias: bias.map { UnsafePointer($0) }, targets: y + lo,
                    gradScale: 1 / Float(B), rowLoss: nil, columnSum: bias == nil ? nil : sums + c * V)
            }
            timed?.lap(.softmax)
            if r1 > r0 {
                // dh[r0..<r1] = g·Wᵀ, with W as it was before this step                     dh is (B,H)
                if let dhT {
                    // wide H: dhᵀ = W·gᵀ, then transposed (OpenBLAS runs this operand order faster there)
                    let n = r1 - r0, t = dhT + r0 * H
                    BLAS.sgemm(.none, .transposed, m: H, n: n, k: V, a: W, lda: V, b: logits + r0 * V, ldb: V, c: t, ldc: n)
                    for r in 0..<n { for j in 0..<H { dh[(r0 + r) * H + j] = t[j * n + r] } }
                } else {
                    BLAS.sgemm(.none, .transposed, m: r1 - r0, n: H, k: V, a: logits + r0 * V, lda: V, b: W, ldb: V, c: dh + r0 * H)
                }
            }
            timed?.lap(.backward)
            if parts > 1 { HelperThreads.barrier(barrier, parties: parts) }

            // MARK: - Column stage: W and b (every row of g is ready, every part has read W)
            let j0 = columnStart(p, V), j1 = columnStart(p + 1, V), cols = j1 - j0
            if cols > 0 {
                // Σ_rows g[:, j0..<j1] = sums[0] + sums[1] + …, in chunk order              db is (V)
                if bias != nil { for c in 1..<chunks { Softmax.combineColumnSums(sums + j0, partial: sums + c * V + j0, count: cols) } }
                if sgd {
                    // W[:, j] ← (1 − lr·λ)·W[:, j] − lr·hᵀg[:, j]; b[j] −= lr·Σg[j]         W is (H,V)
                    BLAS.sgemm(.transposed, .none, m: H, n: cols, k: B, alpha: -lr, a: h, lda: H, b: logits + j0, ldb: V,
                               beta: decay, c: W + j0, ldc: V)
                    if let bias { Vector.axpy(cols, -lr, sums + j0, bias + j0) }
                } else {
                    // dW[:, j] = hᵀg[:, j]; db[j] = Σg[j] (the optimizer applies them)
                    BLAS.sgemm(.transposed, .none, m: H, n: cols, k: B, a: h, lda: H, b: logits + j0, ldb: V, c: dW + j0, ldc: V)
                    if bias != nil { (db + j0).update(from: sums + j0, count: cols) }
                }
            }
            decayEmbeddings(part: p)
            timed?.lap(.update)
        }

        /// The step at H ≤ `NarrowStep.maxWidth`: the same stages, with each row of logits made and
        /// consumed in cache (`NarrowStep.rows`: forward, softmax and dh in one kernel; the "softmax"
        /// stage in `recite profile`) and the output gradient summed from per-chunk accumulators.
        func runNarrow(part p: Int, rows: Range<Int>, chunks cs: Range<Int>, accumulators acc: UnsafeMutablePointer<Float>) {
            let m = model, H = m.hiddenSize, V = m.outputClasses, B = self.rows, k = m.context
            let W = m.output.base, bias: UnsafeMutablePointer<Float>? = m.bias.count > 0 ? m.bias.base : nil
            let timed = p == 0 ? times : nil
            // h[rows] = gather(E, x)                                                        h is (B,H)
            if !rows.isEmpty { m.gather(contexts: x + rows.lowerBound * k, count: rows.count, into: h + rows.lowerBound * H) }
            timed?.lap(.forward)
            // Per chunk c: loss, Σ_rows g (bias), dh = g·Wᵀ, acc[c] = hᵀg; g itself is never stored
            for c in cs {
                let lo = rowStart(c), hi = rowStart(c + 1), chunkAcc = acc + c * H * V
                chunkAcc.update(repeating: 0, count: H * V)
                if bias != nil { (sums + c * V).update(repeating: 0, count: V) }
                // the chunk's own rows of the logits buffer are its scratch
                if let blockedStats {
                    let stats = blockedStats + NarrowStep.blockedStatsCount(rows: lo, width: H, classes: V)
                    losses[c] = NarrowStep.blockedRows(
                        hidden: h + lo * H, rows: hi - lo, width: H, output: W, classes: V, bias: bias.map { UnsafePointer($0) },
                        targets: y + lo, gradScale: 1 / Float(B), scratch: logits + lo * V, hiddenGradient: dh + lo * H,
                        accumulator: chunkAcc, columnSum: bias == nil ? nil : sums + c * V, stats: stats)
                    continue
                }
                losses[c] = NarrowStep.rows(
                    hidden: h + lo * H, rows: hi - lo, width: H, output: W, classes: V, bias: bias.map { UnsafePointer($0) },
                    targets: y + lo, gradScale: 1 / Float(B), row: logits + lo * V, hiddenGradient: dh + lo * H,
                    accumulator: chunkAcc, columnSum: bias == nil ? nil : sums + c * V)
            }
            timed?.lap(.softmax)
            if parts > 1 { HelperThreads.barrier(barrier, parties: parts) }

            // Column stage: W (or dW) and b from every chunk, in chunk order
            let j0 = columnStart(p, V), j1 = columnStart(p + 1, V), cols = j1 - j0
            if cols > 0 {
                if bias != nil { for c in 1..<chunks { Softmax.combineColumnSums(sums + j0, partial: sums + c * V + j0, count: cols) } }
                NarrowStep.columns(accumulators: acc, chunks: chunks, width: H, classes: V, from: j0, to: j1, learningRate: lr,
                                   decay: decay, output: W, gradient: sgd ? nil : dW)
                if let bias {
                    if sgd { Vector.axpy(cols, -lr, sums + j0, bias + j0) } else { (db + j0).update(from: sums + j0, count: cols) }
                }
            }
            decayEmbeddings(part: p)
            timed?.lap(.update)
        }

        /// E ← (1 − lr·λ)·E (plain SGD with weight decay), part `p`'s slice of it.
        func decayEmbeddings(part p: Int) {
            let e = model.embeddings.count
            let e0 = p == 0 ? 0 : (p * e / parts) / 16 * 16, e1 = p + 1 == parts ? e : ((p + 1) * e / parts) / 16 * 16
            if decay != 1 && e1 > e0 { BLAS.sscal(n: e1 - e0, alpha: decay, x: model.embeddings.base + e0) }
        }
    }
}
