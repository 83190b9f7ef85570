// The reference backward pass: the loss gradient of every parameter, from the fused softmax +
// cross-entropy, in plain stages (the trainer's step runs the same stages split over threads).

extension LogBilinearModel {
    /// Forward and backward for `n` examples: returns the summed loss and fills `grads` with the
    /// gradient of the MEAN loss over the batch. `grads.embeddings` must be zero on the rows it
    /// will touch (call `grads.clearEmbeddingRows` after each optimizer step).
    ///
    ///   hidden = gather(E, x)                  (n × H)
    ///   logits = hidden · W + b                (n × V)
    ///   g      = (softmax(logits) − onehot)/n  (n × V, in place)
    ///   dW     = hiddenᵀ · g                   (H × V)   sgemm TN
    ///   db     = Σ_rows g                      (V)
    ///   dh     = g · Wᵀ                        (n × H)   sgemm NT
    ///   dE[j·V_in + x_ij] += dh[i, block j]    (scatter-add; block j = all of dh for `sum`)
    public func lossAndGradients(
        contexts: UnsafePointer<Int32>, targets: UnsafePointer<Int32>, count n: Int,
        workspace ws: Workspace, gradients grads: Gradients
    ) -> Double {
        let loss = forwardLoss(contexts: contexts, targets: targets, count: n, workspace: ws)
        let h = hiddenSize, v = outputClasses
        BLAS.sgemm(.transposed, .none, m: h, n: v, k: n, a: ws.hidden.base, b: ws.logits.base, c: grads.output.base)
        if bias.count > 0 { grads.bias.base.update(from: ws.columnSums.base, count: v) }
        BLAS.sgemm(.none, .transposed, m: n, n: h, k: v, a: ws.logits.base, b: output.base, c: ws.hiddenGradient.base)
        scatter(contexts: contexts, count: n, hiddenGradient: ws.hiddenGradient.base, alpha: 1,
                into: grads.embeddings.base, record: grads)
        return loss
    }

    /// Gather, logits and the fused softmax + cross-entropy: leaves `g` in `ws.logits` and, with a
    /// bias, `Σ_rows g` in `ws.columnSums[0..<V_out]`; returns the summed loss. The reference
    /// for `Trainer`'s row stage (the same chunks, on one thread).
    @inline(__always)
    func forwardLoss(contexts: UnsafePointer<Int32>, targets: UnsafePointer<Int32>, count n: Int, workspace ws: Workspace) -> Double {
        precondition(n >= 1 && n <= ws.capacity, "batch of \(n) outside workspace capacity \(ws.capacity)")
        gather(contexts: contexts, count: n, into: ws.hidden.base)
        logits(hidden: ws.hidden.base, count: n, into: ws.logits.base)
        let hasBias = bias.count > 0
        return Softmax.crossEntropyGradientBatch(
            logits: ws.logits.base, rows: n, width: outputClasses,
            bias: hasBias ? UnsafePointer(bias.base) : nil,
            targets: targets, gradScale: 1 / Float(n), rowLoss: ws.rowLoss.base,
            columnSums: hasBias ? ws.columnSums.base : nil, chunks: ws.chunks)
    }

    /// Scatter-adds `alpha · dh` into embedding rows `target` (the gradient buffer, or the embeddings
    /// themselves for a fused SGD step). Records touched rows in `record` when given.
    @inline(__always)
    func scatter(contexts: UnsafePointer<Int32>, count n: Int, hiddenGradient dh: UnsafePointer<Float>,
                 alpha: Float, into target: UnsafeMutablePointer<Float>, record: Gradients?) {
        let k = context, d = width, vin = inputVocabulary, h = hiddenSize, summed = spec.combine == .sum
        for i in 0..<n {
            for j in 0..<k {
                let row = j * vin + Int(contexts[i * k + j])
                let src = summed ? dh + i * h : dh + i * h + j * d
                Vector.axpy(d, alpha, src, target + row * d)
            }
        }
        record?.touch(contexts: contexts, count: n, context: k, tableRows: vin)
    }
}
