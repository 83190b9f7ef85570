// Forward pass: gather the context embeddings, then one sgemm for the logits.

extension LogBilinearModel {
    /// Gathers the hidden vectors of `n` examples: `hidden` is `n × H`.
    /// `contexts` is `n × k`, most recent token first; table j embeds the token at offset j+1.
    @inline(__always)
    public func gather(contexts: UnsafePointer<Int32>, count n: Int, into hidden: UnsafeMutablePointer<Float>) {
        let k = context, d = width, vin = inputVocabulary, h = hiddenSize
        let e = embeddings.base
        switch spec.combine {
        case .sum:
            for i in 0..<n {
                let dst = hidden + i * h
                dst.update(from: e + Int(contexts[i * k]) * d, count: d)
                for j in 1..<max(k, 1) where j < k {
                    Vector.add(d, e + (j * vin + Int(contexts[i * k + j])) * d, dst)
                }
            }
        case .concat:
            for i in 0..<n {
                for j in 0..<k {
                    (hidden + i * h + j * d).update(from: e + (j * vin + Int(contexts[i * k + j])) * d, count: d)
                }
            }
        }
    }

    /// Logits without bias: `logits (n × V_out) = hidden (n × H) · output (H × V_out)`.
    @inline(__always)
    public func logits(hidden: UnsafePointer<Float>, count n: Int, into logits: UnsafeMutablePointer<Float>) {
        BLAS.sgemm(.none, .none, m: n, n: outputClasses, k: hiddenSize, a: hidden, b: output.base, c: logits)
    }

    /// Log-probabilities of every class for `n` contexts: `workspace.logits` becomes `n × V_out`
    /// log-softmax rows (bias included). Returns its base pointer.
    @discardableResult
    public func logProbabilities(contexts: UnsafePointer<Int32>, count n: Int, workspace ws: Workspace) -> UnsafeMutablePointer<Float> {
        precondition(n <= ws.capacity, "batch of \(n) exceeds workspace capacity \(ws.capacity)")
        gather(contexts: contexts, count: n, into: ws.hidden.base)
        logits(hidden: ws.hidden.base, count: n, into: ws.logits.base)
        Softmax.logSoftmax(logits: ws.logits.base, rows: n, width: outputClasses,
                           bias: bias.count > 0 ? UnsafePointer(bias.base) : nil)
        return ws.logits.base
    }

    /// Mean cross-entropy (nats) and top-1 accuracy of `n` examples, evaluated in chunks of the
    /// workspace's capacity: gather, then `scoreRows` per chunk (the same bits as log-softmax rows
    /// and a scan for the largest). No parameter changes.
    public func evaluate(contexts: [Int32], targets: [Int32], workspace ws: Workspace) -> (loss: Double, top1: Double) {
        let n = targets.count, k = context, v = outputClasses
        precondition(contexts.count == n * k, "contexts must hold \(n)×\(k) tokens")
        guard n > 0 else { return (.nan, .nan) }
        var loss = 0.0, hits = 0
        let lp = ws.rowLoss.base, best = ws.rowIndex
        contexts.withUnsafeBufferPointer { cp in
            targets.withUnsafeBufferPointer { tp in
                var start = 0
                while start < n {
                    let m = min(ws.capacity, n - start)
                    gather(contexts: cp.baseAddress! + start * k, count: m, into: ws.hidden.base)
                    scoreRows(count: m, targets: tp.baseAddress! + start, workspace: ws, logProbability: lp, argmax: best)
                    for r in 0..<m {
                        loss -= Double(lp[r])
                        if best[r] == tp[start + r] { hits += 1 }
                    }
                    start += m
                }
            }
        }
        return (loss / Double(n), Double(hits) / Double(n))
    }

    /// Greedy next tokens of `n ≤ capacity` contexts through the evaluation kernel: `tokens[r]` =
    /// the first index of the largest log-probability (the same bits as log-softmax and a scan).
    /// Uses `workspace.rowIndex` as the kernel's (all-zero) targets and `rowLoss` as scratch.
    public func greedyTokens(contexts: UnsafePointer<Int32>, count n: Int, workspace ws: Workspace, into tokens: UnsafeMutablePointer<Int32>) {
        precondition(n <= ws.capacity, "batch of \(n) exceeds workspace capacity \(ws.capacity)")
        gather(contexts: contexts, count: n, into: ws.hidden.base)
        ws.rowIndex.update(repeating: 0, count: n)
        scoreRows(count: n, targets: ws.rowIndex, workspace: ws, logProbability: ws.rowLoss.base, argmax: tokens)
    }

    /// The evaluation kernel on the `n` gathered rows of `ws.hidden`: the target's log-probability
    /// and the arg-max of each row. At H ≤ `NarrowStep.everyLevelWidth` the rows are made one at a time in
    /// cache (no sgemm, no stored logits; the same bits as the sgemm at the AVX2 and AVX-512 levels,
    /// `NarrowStepTests`), else one sgemm into `ws.logits` and `Softmax.evaluateRows`.
    @inline(__always)
    func scoreRows(count n: Int, targets: UnsafePointer<Int32>, workspace ws: Workspace,
                   logProbability: UnsafeMutablePointer<Float>, argmax: UnsafeMutablePointer<Int32>) {
        let b: UnsafePointer<Float>? = bias.count > 0 ? UnsafePointer(bias.base) : nil
        if hiddenSize <= NarrowStep.everyLevelWidth {
            NarrowStep.evaluateRows(hidden: ws.hidden.base, rows: n, width: hiddenSize, output: output.base, classes: outputClasses,
                                    bias: b, targets: targets, row: ws.logits.base, logProbability: logProbability, argmax: argmax)
        } else {
            logits(hidden: ws.hidden.base, count: n, into: ws.logits.base)
            Softmax.evaluateRows(logits: ws.logits.base, rows: n, width: outputClasses, bias: b, targets: targets,
                                 logProbability: logProbability, argmax: argmax)
        }
    }

    /// The previous evaluation, kept as the reference for `evaluate` in tests: log-softmax rows,
    /// then a scan of each row for the target's log-probability and the largest entry.
    func evaluateByLogSoftmax(contexts: [Int32], targets: [Int32], workspace ws: Workspace) -> (loss: Double, top1: Double) {
        let n = targets.count, k = context, v = outputClasses
        guard n > 0 else { return (.nan, .nan) }
        var loss = 0.0, hits = 0
        contexts.withUnsafeBufferPointer { cp in
            var start = 0
            while start < n {
                let m = min(ws.capacity, n - start)
                let lp = logProbabilities(contexts: cp.baseAddress! + start * k, count: m, workspace: ws)
                for r in 0..<m {
                    let row = lp + r * v, y = Int(targets[start + r])
                    loss -= Double(row[y])
                    var best = 0; var bestValue = row[0]
                    for c in 1..<v where row[c] > bestValue { bestValue = row[c]; best = c }
                    if best == y { hits += 1 }
                }
                start += m
            }
        }
        return (loss / Double(n), Double(hits) / Double(n))
    }
}
