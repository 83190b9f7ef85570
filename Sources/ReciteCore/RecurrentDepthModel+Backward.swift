// Backward pass of the recurrent-depth model, truncated to the last m = min(k_bp, r) iterations.
//
//   g     = (softmax(ℓ) − onehot)/n          (n × V, in place)
//   dW    = s_rᵀ · g                          (D × V)   sgemm TN
//   db    = Σ_rows g                          (V)
//   ds_r  = g · Wᵀ                            (n × D)   sgemm NT
//   for t = r … r−m+1:
//     dz_t    = α · ds_t ⊙ φ'(z_t)            (n × D)   tanh: 1 − a_t², identity: 1
//     dA     += s_{t−1}ᵀ · dz_t               (D × D)   sgemm TN, β = 1
//     du     += dz_t                          (n × D)   the injection enters every iteration
//     ds_{t−1} = dz_t · Aᵀ + (1 − α) ds_t     (n × D)   sgemm NT (not needed for t = r−m+1)
//   With α = 1 (a_t = s_t) dz overwrites ds in place, as before α existed (same bits).
//   dU    = eᵀ · du                           (H × D)   sgemm TN
//   dc    = Σ_rows du                         (D)
//   de    = du · Uᵀ                           (n × H)   sgemm NT
//   dE[j·V_in + x_ij] += de[i, block j]       (scatter-add)
//
// s_{r−m} and the injection u used by the first r − m iterations are constants here: that is the
// truncated objective of the paper, and the finite-difference tests check this gradient against it.

extension RecurrentDepthModel {
    /// Forward and backward for `n` examples at `r` recurrences: returns the summed loss and fills
    /// `grads` with the gradient of the mean loss (of the truncated objective). `grads.embeddings`
    /// must be zero on the rows it will touch (`clearEmbeddingRows` after each update).
    public func lossAndGradients(contexts: UnsafePointer<Int32>, targets: UnsafePointer<Int32>, count n: Int,
                                 recurrences r: Int, rng: inout Xoshiro256, workspace ws: RecurrentWorkspace,
                                 gradients grads: RecurrentGradients, start: UnsafePointer<Float>? = nil) -> Double {
        let loss = forwardLoss(contexts: contexts, targets: targets, count: n, recurrences: r, rng: &rng, workspace: ws, start: start)
        let dd = stateWidth, h = hiddenSize, v = outputClasses, m = min(block.backpropDepth, r)
        let slotStride = ws.capacity * dd
        func slot(_ j: Int) -> UnsafeMutablePointer<Float> { ws.states.base + j * slotStride }
        let dE = grads.buffers[0].base, dA = grads.buffers[1].base, dU = grads.buffers[2].base
        let dc = grads.buffers[3].base, dW = grads.buffers[4].base, db = grads.buffers[5].base
        let g = ws.logits.base

        // Coda.
        BLAS.sgemm(.transposed, .none, m: dd, n: v, k: n, a: slot(m), b: g, c: dW)
        if bias.count > 0 { db.update(from: ws.columnSums.base, count: v) }
        var ds = ws.stateGradient.base, dsNext = ws.stateGradientNext.base
        BLAS.sgemm(.none, .transposed, m: n, n: dd, k: v, a: g, b: output.base, c: ds)

        // The last m iterations, newest first.
        let du = ws.injectedGradient.base, total = n * dd
        du.update(repeating: 0, count: total)
        dA.update(repeating: 0, count: dd * dd)
        let alpha = block.updateFraction
        for j in stride(from: m, through: 1, by: -1) {
            if alpha == 1 {
                let s = slot(j)
                if block.activation == .tanh { for i in 0..<total { ds[i] *= 1 - s[i] * s[i] } }  // ds becomes dz
                BLAS.sgemm(.transposed, .none, m: dd, n: dd, k: n, a: slot(j - 1), b: ds, beta: 1, c: dA)
                Vector.add(total, ds, du)
                if j > 1 {
                    BLAS.sgemm(.none, .transposed, m: n, n: dd, k: dd, a: ds, b: recurrent.base, c: dsNext)
                    swap(&ds, &dsNext)
                }
            } else {
                let a = ws.activations.base + j * slotStride, dz = ws.blockGradient.base
                if block.activation == .tanh {
                    for i in 0..<total { dz[i] = alpha * ds[i] * (1 - a[i] * a[i]) }
                } else {
                    for i in 0..<total { dz[i] = alpha * ds[i] }
                }
                BLAS.sgemm(.transposed, .none, m: dd, n: dd, k: n, a: slot(j - 1), b: dz, beta: 1, c: dA)
                Vector.add(total, dz, du)
                if j > 1 {
                    // ds_{t−1} = dz·Aᵀ + (1 − α)·ds_t: the product first, then the carried part.
                    BLAS.sgemm(.none, .transposed, m: n, n: dd, k: dd, a: dz, b: recurrent.base, c: dsNext)
                    let keep = 1 - alpha
                    for i in 0..<total { dsNext[i] += keep * ds[i] }
                    swap(&ds, &dsNext)
                }
            }
        }

        // Injection and prelude.
        BLAS.sgemm(.transposed, .none, m: h, n: dd, k: n, a: ws.hidden.base, b: du, c: dU)
        dc.update(repeating: 0, count: dd)
        for i in 0..<n { Vector.add(dd, du + i * dd, dc) }
        BLAS.sgemm(.none, .transposed, m: n, n: h, k: dd, a: du, b: injection.base, c: ws.hiddenGradient.base)
        scatter(contexts: contexts, count: n, hiddenGradient: ws.hiddenGradient.base, into: dE, record: grads)
        return loss
    }

    /// Scatter-adds `dh (n × H)` into the embedding-gradient rows of each context token.
    @inline(__always)
    func scatter(contexts: UnsafePointer<Int32>, count n: Int, hiddenGradient dh: UnsafePointer<Float>,
                 into target: UnsafeMutablePointer<Float>, record: RecurrentGradients) {
        let k = context, d = width, vin = inputVocabulary, h = hiddenSize, summed = spec.combine == .sum
        for i in 0..<n {
            for j in 0..<k {
                let row = j * vin + Int(contexts[i * k + j])
                let src = summed ? dh + i * h : dh + i * h + j * d
                Vector.add(d, src, target + row * d)
            }
        }
        record.touchedCount = TouchedRows.record(contexts: contexts, count: n, context: k, tableRows: vin,
                                                 into: &record.touchedRows, after: record.touchedCount)
    }
}
