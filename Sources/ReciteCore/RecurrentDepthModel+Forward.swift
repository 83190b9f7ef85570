// Forward pass of the recurrent-depth model: prelude, r applications of the block, coda.
//
// Only the last m = min(k_bp, r) iterations keep their states (the truncated backward needs them);
// the earlier r − m run in two ping-pong slots, without gradient, as in the paper's training.

extension RecurrentDepthModel {
    /// The prelude: `hidden (n × H)` = the context embeddings, summed or concatenated
    /// (`contexts` is `n × k`, most recent token first), exactly as `LogBilinearModel.gather`.
    @inline(__always)
    public func gather(contexts: UnsafePointer<Int32>, count n: Int, into hidden: UnsafeMutablePointer<Float>) {
        let k = context, d = width, vin = inputVocabulary, h = hiddenSize
        let e = embeddings.base
        for i in 0..<n {
            switch spec.combine {
            case .sum:
                let dst = hidden + i * h
                dst.update(from: e + Int(contexts[i * k]) * d, count: d)
                for j in 1..<max(k, 1) where j < k { Vector.add(d, e + (j * vin + Int(contexts[i * k + j])) * d, dst) }
            case .concat:
                for j in 0..<k { (hidden + i * h + j * d).update(from: e + (j * vin + Int(contexts[i * k + j])) * d, count: d) }
            }
        }
    }

    /// One application of the block: `a (n × D) = φ(prev (n × D) · A (D × D) + u (n × D))`, then
    /// `next = prev + α·(a − prev)`. With α = 1, `a` is written straight into `next` (same bits as
    /// before α existed) and `activation` is unused; below 1, `activation` receives `a` (the
    /// backward needs it for φ′) and must not alias `prev` or `next`.
    @inline(__always)
    func apply(_ prev: UnsafePointer<Float>, into next: UnsafeMutablePointer<Float>, injected u: UnsafePointer<Float>,
               count n: Int, activation: UnsafeMutablePointer<Float>) {
        let dd = stateWidth, total = n * dd, alpha = block.updateFraction
        let a = alpha == 1 ? next : activation
        BLAS.sgemm(.none, .none, m: n, n: dd, k: dd, a: prev, b: recurrent.base, c: a)
        Vector.add(total, u, a)
        if block.activation == .tanh { RecurrentDepthModel.tanhInPlace(a, total) }
        if alpha != 1 { for i in 0..<total { next[i] = prev[i] + alpha * (a[i] - prev[i]) } }
    }

    /// Runs prelude and block: returns `s_r` (`n × D`, in state slot `m = min(k_bp, r)`). Slot 0 then
    /// holds `s_{r−m}`, the state the gradient stops at; with α < 1, activation slot j holds the
    /// `a` of the iteration that made state slot j (j = 1 … m). The initial state `s₀` is drawn from `rng`
    /// unless `start` gives `s_{r−m}` itself (the finite-difference tests freeze it this way).
    @discardableResult
    public func runBlock(contexts: UnsafePointer<Int32>, count n: Int, recurrences r: Int, rng: inout Xoshiro256,
                         workspace ws: RecurrentWorkspace, start: UnsafePointer<Float>? = nil) -> UnsafeMutablePointer<Float> {
        precondition(n >= 1 && n <= ws.capacity, "batch of \(n) outside workspace capacity \(ws.capacity)")
        precondition(r >= 1, "the block runs at least once")
        let dd = stateWidth, h = hiddenSize, m = min(block.backpropDepth, r)
        gather(contexts: contexts, count: n, into: ws.hidden.base)
        // u = e·U + c                                          (n × D)
        BLAS.sgemm(.none, .none, m: n, n: dd, k: h, a: ws.hidden.base, b: injection.base, c: ws.injected.base)
        for i in 0..<n { Vector.add(dd, stateBias.base, ws.injected.base + i * dd) }
        let slotStride = ws.capacity * dd
        func slot(_ j: Int) -> UnsafeMutablePointer<Float> { ws.states.base + j * slotStride }
        func activationSlot(_ j: Int) -> UnsafeMutablePointer<Float> { ws.activations.base + j * slotStride }
        if let start {
            slot(0).update(from: start, count: n * dd)
        } else {
            let scale = block.initialStateScale, s0 = slot(0)
            for i in 0..<(n * dd) { s0[i] = scale == 0 ? 0 : Float(rng.nextGaussian()) * scale }
            // The r − m iterations without gradient, alternating between slots 0 and 1.
            for t in 0..<(r - m) {
                apply(slot(t % 2), into: slot((t + 1) % 2), injected: ws.injected.base, count: n, activation: activationSlot(0))
            }
            if (r - m) % 2 == 1 { slot(0).update(from: slot(1), count: n * dd) }
        }
        for j in 1...m { apply(slot(j - 1), into: slot(j), injected: ws.injected.base, count: n, activation: activationSlot(j)) }
        return slot(m)
    }

    /// Log-probabilities of every class for `n` contexts after `r` recurrences: `ws.logits` becomes
    /// `n × V_out` log-softmax rows (bias included). Returns its base pointer.
    @discardableResult
    public func logProbabilities(contexts: UnsafePointer<Int32>, count n: Int, recurrences r: Int, rng: inout Xoshiro256,
                                 workspace ws: RecurrentWorkspace) -> UnsafeMutablePointer<Float> {
        let s = runBlock(contexts: contexts, count: n, recurrences: r, rng: &rng, workspace: ws)
        // ℓ = s_r·W                                            (n × V)
        BLAS.sgemm(.none, .none, m: n, n: outputClasses, k: stateWidth, a: s, b: output.base, c: ws.logits.base)
        Softmax.logSoftmax(logits: ws.logits.base, rows: n, width: outputClasses,
                           bias: bias.count > 0 ? UnsafePointer(bias.base) : nil)
        return ws.logits.base
    }

    /// Prelude, block and the fused softmax + cross-entropy: leaves `g = (softmax − onehot)/n` in
    /// `ws.logits` and, with a bias, `Σ_rows g` in `ws.columnSums[0..<V_out]`; returns the summed loss.
    func forwardLoss(contexts: UnsafePointer<Int32>, targets: UnsafePointer<Int32>, count n: Int, recurrences r: Int,
                     rng: inout Xoshiro256, workspace ws: RecurrentWorkspace, start: UnsafePointer<Float>?) -> Double {
        let s = runBlock(contexts: contexts, count: n, recurrences: r, rng: &rng, workspace: ws, start: start)
        BLAS.sgemm(.none, .none, m: n, n: outputClasses, k: stateWidth, a: s, b: output.base, c: ws.logits.base)
        let hasBias = bias.count > 0
        return Softmax.crossEntropyGradientBatch(
            logits: ws.logits.base, rows: n, width: outputClasses, bias: hasBias ? UnsafePointer(bias.base) : nil,
            targets: targets, gradScale: 1 / Float(n), rowLoss: ws.rowLoss.base,
            columnSums: hasBias ? ws.columnSums.base : nil)
    }

    /// `x ← tanh(x)` over `n` Floats, through the vector kernel (`Activation.tanh`, ≤ 2 ulp).
    @inline(__always)
    static func tanhInPlace(_ x: UnsafeMutablePointer<Float>, _ n: Int) {
        Activation.tanh(x, into: x, count: n)
    }
}
