// The trainer's fused plain-SGD step against the gradient path, and determinism.
import Testing
@testable import ReciteCore

@Suite struct TrainerTests {
    /// Fused and unfused updates differ only in Float summation order (the embedding rows are
    /// updated per occurrence instead of once per accumulated gradient).
    static let fusedTolerance: Float = 2e-6

    /// Targets are drawn from `classes` (default: the context vocabulary `v`).
    static func batches(count: Int, size: Int, context k: Int, vocabulary v: Int, classes: Int? = nil, seed: UInt64) -> [([Int32], [Int32])] {
        var rng = Xoshiro256(seed: seed)
        return (0..<count).map { _ in
            // A small vocabulary so that rows repeat within a batch.
            ((0..<(size * k)).map { _ in Int32(rng.nextInt(v)) }, (0..<size).map { _ in Int32(rng.nextInt(classes ?? v)) })
        }
    }

    static func maxDifference(_ a: LogBilinearModel, _ b: LogBilinearModel) -> Float {
        var worst: Float = 0
        for (p, q) in zip(a.parameters, b.parameters) { for i in 0..<p.count { worst = max(worst, abs(p[i] - q[i])) } }
        return worst
    }

    @Test(arguments: [Float(0), 0.01])
    func fusedSGDMatchesGradientPath(weightDecay: Float) {
        for spec in [ModelSpec(width: 8, context: 1, combine: .sum, bias: true),
                     ModelSpec(width: 8, context: 3, combine: .concat, bias: false),
                     ModelSpec(width: 8, context: 2, combine: .sum, bias: true)] {
            let v = 13, n = 16
            let a = randomModel(spec: spec, inputs: v, classes: v, seed: 5), b = a.copy()
            var opt = OptimizerSpec(); opt.learningRate = 0.5; opt.weightDecay = weightDecay
            let fused = Trainer(model: a, optimizer: opt, batchSize: n, totalSteps: 5)
            #expect(fused.optimizer.isPlainSGD)
            let optimizer = Optimizer(spec: opt, model: b)
            let ws = Workspace(model: b, capacity: n), grads = Gradients(model: b, capacity: n)
            for (ctx, tgt) in Self.batches(count: 5, size: n, context: spec.context, vocabulary: v, seed: 1) {
                let lossFused = fused.step(contexts: ctx, targets: tgt, count: n)
                let loss = b.lossAndGradients(contexts: ctx, targets: tgt, count: n, workspace: ws, gradients: grads) / Double(n)
                optimizer.step(model: b, gradients: grads, learningRate: opt.learningRate)
                #expect(abs(lossFused - loss) < 1e-5)
            }
            let diff = Self.maxDifference(a, b)
            print("fused vs gradient path, \(spec.context) \(spec.combine) λ=\(weightDecay): max |Δθ| = \(diff)")
            #expect(diff < Self.fusedTolerance)
        }
    }
}

/// The serial batch softmax (the reference for the trainer's row stage) in any number of chunks:
/// the same g, column sums against a Double sum.
@Suite struct ChunkedSoftmaxTests {
    /// At H ≥ `Trainer.transposedBackwardWidth` the step takes dh as (W·gᵀ)ᵀ: one SGD step (fused,
    /// on 1 and 2 threads) against the reference backward and a plain update, at widths on both sides
    /// of the switch.
    @Test(arguments: [64, 128, 131])
    func wideStepMatchesTheReferenceBackward(width: Int) {
        let spec = ModelSpec(width: width, context: 2, combine: .sum, bias: true)
        let (v, n, lr) = (301, 9, Float(0.5))
        let data = TrainerTests.batches(count: 1, size: n, context: 2, vocabulary: v, seed: 8)[0]
        let reference = randomModel(spec: spec, inputs: v, classes: v, seed: 9)
        let ws = Workspace(model: reference, capacity: n), grads = Gradients(model: reference, capacity: n)
        _ = reference.lossAndGradients(contexts: data.0, targets: data.1, count: n, workspace: ws, gradients: grads)
        for (p, g) in zip(reference.parameters, grads.buffers) { for i in 0..<p.count { p[i] -= lr * g[i] } }
        for threads in [1, 2] {
            let m = randomModel(spec: spec, inputs: v, classes: v, seed: 9)
            var opt = OptimizerSpec(); opt.kind = .sgd; opt.learningRate = lr
            let t = Trainer(model: m, optimizer: opt, batchSize: n, totalSteps: 1, threads: threads)
            _ = t.step(contexts: data.0, targets: data.1, count: n)
            let diff = TrainerTests.maxDifference(m, reference)
            print("H=\(width) threads=\(threads): max |Δθ| against the reference = \(diff)")
            #expect(diff < 1e-6)
        }
    }

    @Test(arguments: [1, 2, 3, 7])
    func chunksGiveTheSameGradient(chunks: Int) {
        var rng = Xoshiro256(seed: 31)
        let rows = 37, n = 203
        let logits = uniformFloats(rows * n, scale: 10, rng: &rng), bias = uniformFloats(n, scale: 1, rng: &rng)
        let targets = (0..<rows).map { _ in Int32(rng.nextInt(n)) }
        func run(_ chunks: Int) -> ([Float], [Float], Double) {
            var z = logits
            var sums = [Float](repeating: .nan, count: chunks * n)
            var rowLoss = [Float](repeating: 0, count: rows)
            let loss = bias.withUnsafeBufferPointer { bp in
                Softmax.crossEntropyGradientBatch(logits: &z, rows: rows, width: n, bias: bp.baseAddress, targets: targets,
                                                  gradScale: 1 / Float(rows), rowLoss: &rowLoss, columnSums: &sums, chunks: chunks)
            }
            return (z, Array(sums[0..<n]), loss)
        }
        let a = run(1), b = run(chunks)
        #expect(a.0 == b.0, "g does not depend on the chunks")
        #expect(abs(a.2 - b.2) < 1e-9 * abs(a.2))
        var worst = 0.0
        for c in 0..<n {
            var s = 0.0
            for r in 0..<rows { s += Double(b.0[r * n + c]) }
            worst = max(worst, abs(s - Double(b.1[c])))
        }
        print("column sums in \(chunks) chunks vs Double: max |Δ| = \(worst)")
        #expect(worst < 1e-6)
    }
}

/// Determinism and the thread split. Nothing here touches OpenBLAS's process-wide thread count:
/// the trainer takes its threads as an argument, so these tests can interleave with any suite.
@Suite struct ThreadCountTests {
    @Test(arguments: [(OptimizerKind.sgd, 1), (.sgd, 2), (.sgd, 3), (.adamw, 1), (.adamw, 2)])
    func determinism(kind: OptimizerKind, threads: Int) {
        let spec = ModelSpec(width: 16, context: 2, combine: .sum, bias: true)
        var opt = OptimizerSpec(); opt.kind = kind; opt.learningRate = kind == .sgd ? 0.5 : 0.01
        opt.momentum = kind == .sgd ? 0 : 0.9; opt.weightDecay = 0.01; opt.schedule = .cosine; opt.warmupFraction = 0.1
        let data = TrainerTests.batches(count: 20, size: 32, context: 2, vocabulary: 50, seed: 9)
        func run() -> (LogBilinearModel, [Double]) {
            var rng = Xoshiro256(seed: 77)
            let m = LogBilinearModel(spec: spec, vocabulary: 50, rng: &rng)
            let t = Trainer(model: m, optimizer: opt, batchSize: 32, totalSteps: 20, threads: threads)
            let losses = data.map { t.step(contexts: $0.0, targets: $0.1, count: 32) }
            return (m, losses)
        }
        let (a, la) = run(), (b, lb) = run()
        #expect(la == lb)
        for (p, q) in zip(a.parameters, b.parameters) { #expect(p.array == q.array, "parameters differ bit-wise") }
        #expect(la.last! < la.first!, "training should reduce the loss: \(la.first!) → \(la.last!)")
        #expect(a.isFinite)
    }

    /// The step split over P threads against the one-thread step, for both the fused SGD update and
    /// the gradient path: the same g bit for bit up to P = 2 (the losses are then identical); the
    /// products may round differently when split, and P > 2 adds the column sums in more chunks.
    @Test(arguments: [2, 3, 4, 7])
    func splitMatchesOneThread(threads: Int) {
        for (spec, n, kind, wd) in [(ModelSpec(width: 8, context: 1, combine: .sum, bias: true), 16, OptimizerKind.sgd, Float(0)),
                                    (ModelSpec(width: 8, context: 3, combine: .concat, bias: false), 7, .sgd, 0.01),
                                    (ModelSpec(width: 5, context: 2, combine: .sum, bias: true), 2, .sgd, 0.01),
                                    (ModelSpec(width: 6, context: 2, combine: .sum, bias: true), 13, .adamw, 0.01)] {
            let v = 37
            let a = randomModel(spec: spec, inputs: v, classes: v, seed: 8), b = a.copy()
            var opt = OptimizerSpec(); opt.kind = kind; opt.learningRate = kind == .sgd ? 0.5 : 0.01; opt.weightDecay = wd
            let ta = Trainer(model: a, optimizer: opt, batchSize: n, totalSteps: 5, threads: 1)
            let tb = Trainer(model: b, optimizer: opt, batchSize: n, totalSteps: 5, threads: threads)
            var worstLoss = 0.0
            for (ctx, tgt) in TrainerTests.batches(count: 5, size: n, context: spec.context, vocabulary: v, seed: 2) {
                let la = ta.step(contexts: ctx, targets: tgt, count: n), lb = tb.step(contexts: ctx, targets: tgt, count: n)
                worstLoss = max(worstLoss, abs(la - lb))
            }
            let diff = TrainerTests.maxDifference(a, b)
            print("\(threads) threads vs 1, \(kind) k=\(spec.context) n=\(n) λ=\(wd): max |Δθ| = \(diff), |Δloss| = \(worstLoss)")
            #expect(diff < TrainerTests.fusedTolerance && worstLoss < 1e-6)
        }
    }
}
