// The narrow-width step (H ≤ NarrowStep.maxWidth): its row kernel at every instruction-set level
// against a Double reference on odd shapes, and the trainer's narrow step against its sgemm step.
import Foundation
import Testing
@testable import ReciteCore

@Suite struct NarrowStepTests {
    /// One chunk of the kernel in Double: loss, dh = g·Wᵀ, hᵀg and Σ g, with g = (p − onehot)·scale.
    static func reference(h: [Float], rows: Int, width H: Int, W: [Float], classes V: Int, bias: [Float]?, targets: [Int32],
                          scale: Double) -> (loss: Double, dh: [Double], hg: [Double], sum: [Double]) {
        var loss = 0.0, dh = [Double](repeating: 0, count: rows * H), hg = [Double](repeating: 0, count: H * V)
        var sum = [Double](repeating: 0, count: V)
        for r in 0..<rows {
            var z = (0..<V).map { v in (0..<H).reduce(Double(bias?[v] ?? 0)) { $0 + Double(h[r * H + $1]) * Double(W[$1 * V + v]) } }
            let m = z.max()!, y = Int(targets[r])
            let s = z.reduce(0) { $0 + exp($1 - m) }
            loss += m - z[y] + log(s)
            for v in 0..<V { z[v] = (exp(z[v] - m) / s - (v == y ? 1 : 0)) * scale }
            for v in 0..<V {
                sum[v] += z[v]
                for j in 0..<H { dh[r * H + j] += z[v] * Double(W[j * V + v]); hg[j * V + v] += Double(h[r * H + j]) * z[v] }
            }
        }
        return (loss, dh, hg, sum)
    }

    @Test(arguments: Softmax.KernelLevel.allCases.filter(\.isSupported))
    func rowsMatchDoubleReference(level: Softmax.KernelLevel) {
        var rng = Xoshiro256(seed: 41)
        // H = 7-11 (the AVX2 level's rule), and V past 8,192, where pass 3 goes in one sweep again.
        for (H, V, rows, withBias) in [(1, 1, 3, true), (1, 17, 5, false), (2, 203, 7, true), (3, 16, 4, true), (5, 33, 9, false),
                                       (6, 1025, 3, true), (8, 1025, 6, true), (11, 37, 5, true), (7, 9001, 4, false), (2, 8200, 5, true)] {
            let h = uniformFloats(rows * H, scale: 2, rng: &rng), W = uniformFloats(H * V, scale: 1.5, rng: &rng)
            let bias = withBias ? uniformFloats(V, scale: 1, rng: &rng) : nil
            let targets = (0..<rows).map { _ in Int32(rng.nextInt(V)) }
            let scale: Float = 1 / Float(rows)
            var row = [Float](repeating: .nan, count: 4 * V), dh = [Float](repeating: .nan, count: rows * H)
            var acc = [Float](repeating: 0, count: H * V), sum = [Float](repeating: 0, count: V)
            let biasBuffer = bias ?? [0]
            let loss = biasBuffer.withUnsafeBufferPointer { bp in
                sum.withUnsafeMutableBufferPointer { sp in
                    NarrowStep.rows(hidden: h, rows: rows, width: H, output: W, classes: V, bias: withBias ? bp.baseAddress : nil,
                                    targets: targets, gradScale: scale, row: &row, hiddenGradient: &dh, accumulator: &acc,
                                    columnSum: withBias ? sp.baseAddress : nil, level: level)
                }
            }
            let ref = Self.reference(h: h, rows: rows, width: H, W: W, classes: V, bias: bias, targets: targets, scale: Double(scale))
            func worst(_ a: [Float], _ b: [Double]) -> Double { zip(a, b).map { abs(Double($0) - $1) }.max() ?? 0 }
            let e = (loss: abs(loss - ref.loss) / max(1, abs(ref.loss)), dh: worst(dh, ref.dh), hg: worst(acc, ref.hg),
                     sum: withBias ? worst(sum, ref.sum) : 0)
            print("narrow rows \(level) H=\(H) V=\(V) rows=\(rows): loss \(e.loss), dh \(e.dh), hᵀg \(e.hg), Σg \(e.sum)")
            #expect(e.loss < 1e-5 && e.dh < 1e-5 && e.hg < 1e-5 && e.sum < 1e-6)
        }
    }

    /// The fused evaluation rows against an sgemm and `Softmax.evaluateRows` on the same logits
    /// product: the same arg-max, and log-probabilities equal or within a few ulps (the products
    /// are summed in the same order; only the rounding of sgemm's kernel may differ), on odd shapes
    /// with and without a bias, at every level; H outside 1…`NarrowStep.maxWidth` gives NaN.
    @Test(arguments: Softmax.KernelLevel.allCases.filter(\.isSupported))
    func evaluationRowsMatchSgemmThenEvaluate(level: Softmax.KernelLevel) {
        var rng = Xoshiro256(seed: 43)
        var worstUlps = 0
        for (H, V, rows, withBias) in [(1, 1025, 9, true), (2, 17, 5, false), (3, 203, 4, true), (4, 1, 3, true), (5, 40, 13, false),
                                       (6, 1025, 7, true), (6, 15, 1, true), (8, 1025, 5, true), (11, 33, 6, false)] {
            let h = uniformFloats(rows * H, scale: 2, rng: &rng), W = uniformFloats(H * V, scale: 1.5, rng: &rng)
            let bias = withBias ? uniformFloats(V, scale: 1, rng: &rng) : nil
            let targets = (0..<rows).map { _ in Int32(rng.nextInt(V)) }
            var logits = [Float](repeating: 0, count: rows * V)
            BLAS.sgemm(.none, .none, m: rows, n: V, k: H, a: h, b: W, c: &logits)
            var lpRef = [Float](repeating: 0, count: rows), amRef = [Int32](repeating: 0, count: rows)
            var lp = [Float](repeating: 0, count: rows), am = [Int32](repeating: -1, count: rows)
            var row = [Float](repeating: .nan, count: min(rows, 4) * V)
            (bias ?? [0]).withUnsafeBufferPointer { bp in
                let b = withBias ? bp.baseAddress : nil
                Softmax.evaluateRows(logits: &logits, rows: rows, width: V, bias: b, targets: targets, logProbability: &lpRef,
                                     argmax: &amRef, level: level)
                NarrowStep.evaluateRows(hidden: h, rows: rows, width: H, output: W, classes: V, bias: b, targets: targets, row: &row,
                                        logProbability: &lp, argmax: &am, level: level)
            }
            #expect(am == amRef, "H=\(H) V=\(V)")
            for r in 0..<rows {
                let ulps = abs(Int(lp[r].bitPattern) - Int(lpRef[r].bitPattern))
                worstUlps = max(worstUlps, ulps)
                #expect(ulps <= 8, "H=\(H) V=\(V) row \(r): \(lp[r]) vs \(lpRef[r])")
            }
        }
        print("narrow eval rows \(level): worst difference from sgemm + evaluateRows \(worstUlps) ulps")
        let wide = NarrowStep.maxWidth + 1
        var lp: [Float] = [0, 0], am: [Int32] = [5, 5], row = [Float](repeating: 0, count: 8)
        NarrowStep.evaluateRows(hidden: [Float](repeating: 1, count: 2 * wide), rows: 2, width: wide, output: [Float](repeating: 1, count: 4 * wide),
                                classes: 4, bias: nil, targets: [0, 1], row: &row, logProbability: &lp, argmax: &am, level: level)
        #expect(lp.allSatisfy(\.isNaN) && am == [0, 0])
    }

    /// Groups of four rows and pairs (the kernel takes four or two at a time where the width
    /// allows) give the bits of one row per call: the same losses, dh, accumulator and column sum,
    /// bit for bit, at every level; row counts that leave a pair and a single after the groups too.
    @Test(arguments: Softmax.KernelLevel.allCases.filter(\.isSupported))
    func pairedRowsMatchOneRowAtATimeBitForBit(level: Softmax.KernelLevel) {
        var rng = Xoshiro256(seed: 42)
        for (H, V, rows) in [(1, 1025, 5), (2, 203, 6), (3, 17, 7), (6, 1025, 4), (4, 40, 3), (5, 1025, 11), (6, 37, 9), (4, 16, 8), (1, 3, 13),
                             (8, 1025, 9), (11, 40, 6), (7, 9001, 5), (2, 8200, 6)] {
            let h = uniformFloats(rows * H, scale: 2, rng: &rng), W = uniformFloats(H * V, scale: 1.5, rng: &rng)
            let bias = uniformFloats(V, scale: 1, rng: &rng), targets = (0..<rows).map { _ in Int32(rng.nextInt(V)) }
            var row = [Float](repeating: 0, count: 4 * V)
            var dhAll = [Float](repeating: 0, count: rows * H), accAll = [Float](repeating: 0, count: H * V)
            var sumAll = [Float](repeating: 0, count: V)
            let lossAll = NarrowStep.rows(hidden: h, rows: rows, width: H, output: W, classes: V, bias: bias, targets: targets,
                                          gradScale: 0.25, row: &row, hiddenGradient: &dhAll, accumulator: &accAll,
                                          columnSum: &sumAll, level: level)
            var dhOne = [Float](repeating: 0, count: rows * H), accOne = [Float](repeating: 0, count: H * V)
            var sumOne = [Float](repeating: 0, count: V), lossOne = 0.0
            for r in 0..<rows {
                var dhr = [Float](repeating: 0, count: H)
                lossOne += NarrowStep.rows(hidden: Array(h[(r * H)..<((r + 1) * H)]), rows: 1, width: H, output: W, classes: V,
                                           bias: bias, targets: [targets[r]], gradScale: 0.25, row: &row, hiddenGradient: &dhr,
                                           accumulator: &accOne, columnSum: &sumOne, level: level)
                for j in 0..<H { dhOne[r * H + j] = dhr[j] }
            }
            #expect(lossAll == lossOne && dhAll == dhOne && accAll == accOne && sumAll == sumOne, "H=\(H) V=\(V) rows=\(rows)")
        }
    }

    @Test func widthOutsideTheKernelsRangeIsNaN() {
        var row = [Float](repeating: 0, count: 4), dh = [Float](repeating: 0, count: 64), acc = [Float](repeating: 0, count: 64)
        let h = [Float](repeating: 1, count: 64), W = [Float](repeating: 1, count: 64)
        let loss = NarrowStep.rows(hidden: h, rows: 1, width: NarrowStep.maxWidth + 1, output: W, classes: 4, bias: nil,
                                   targets: [0], gradScale: 1, row: &row, hiddenGradient: &dh, accumulator: &acc, columnSum: nil)
        #expect(loss.isNaN)
    }

    /// The trainer's narrow step against its three-sgemm step: the same update up to Float rounding
    /// (the products sum in another order), for plain SGD (fused, with and without decay) and for
    /// AdamW (the gradient path), summed and concatenated contexts, with and without a bias.
    @Test(arguments: [OptimizerKind.sgd, .adamw])
    func trainerMatchesTheSgemmStep(kind: OptimizerKind) {
        for (spec, v, n, wd) in [(ModelSpec(width: 1, context: 1, combine: .sum, bias: true), 13, 16, Float(0)),
                                 (ModelSpec(width: 2, context: 3, combine: .concat, bias: false), 37, 7, 0.01),
                                 (ModelSpec(width: 5, context: 2, combine: .sum, bias: true), 1025, 9, 0.01),
                                 (ModelSpec(width: 4, context: 1, combine: .sum, bias: true), 203, 64, 0),
                                 (ModelSpec(width: 8, context: 2, combine: .sum, bias: true), 1025, 12, 0.01),
                                 (ModelSpec(width: 11, context: 1, combine: .sum, bias: false), 203, 64, 0)] {
            Self.expectSameUpdateAsSgemm(spec: spec, inputs: v, classes: v, batch: n, weightDecay: wd, kind: kind, path: .rows)
        }
    }

    /// Trains a copy of one model on `path` and one on the sgemm step for 5 steps of the same
    /// batches (the first forced onto `path`, whatever this machine's rule picks), and expects the same
    /// parameters and losses up to Float rounding (1e-5).
    static func expectSameUpdateAsSgemm(spec: ModelSpec, inputs: Int, classes: Int, batch n: Int, weightDecay wd: Float,
                                        kind: OptimizerKind, path: NarrowStep.Path, steps: Int = 5) {
        let a = randomModel(spec: spec, inputs: inputs, classes: classes, seed: 12), b = a.copy()
        var opt = OptimizerSpec(); opt.kind = kind; opt.learningRate = kind == .sgd ? 0.5 : 0.01; opt.weightDecay = wd
        let fast = Trainer(model: a, optimizer: opt, batchSize: n, totalSteps: steps, path: path)
        let sgemm = Trainer(model: b, optimizer: opt, batchSize: n, totalSteps: steps, narrowStep: false)
        #expect(fast.path == path && sgemm.path == .sgemm)
        var worstLoss = 0.0
        for (ctx, tgt) in TrainerTests.batches(count: steps, size: n, context: spec.context, vocabulary: inputs, classes: classes, seed: 3) {
            worstLoss = max(worstLoss, abs(fast.step(contexts: ctx, targets: tgt, count: n) - sgemm.step(contexts: ctx, targets: tgt, count: n)))
        }
        let diff = TrainerTests.maxDifference(a, b)
        print("\(path) vs sgemm step, \(kind) H=\(spec.width * (spec.combine == .concat ? spec.context : 1)) V=\(classes) n=\(n): max |Δθ| = \(diff), |Δloss| = \(worstLoss)")
        #expect(diff < 1e-5 && worstLoss < 1e-5)
    }

    /// One and two threads give the same bits (the rows always run in two chunks, summed in order).
    @Test func oneAndTwoThreadsAgreeBitForBit() {
        let spec = ModelSpec(width: 3, context: 2, combine: .sum, bias: true)
        var opt = OptimizerSpec(); opt.learningRate = 0.5; opt.weightDecay = 0.01
        let data = TrainerTests.batches(count: 6, size: 21, context: 2, vocabulary: 41, seed: 4)
        func run(_ threads: Int) -> (LogBilinearModel, [Double]) {
            let m = randomModel(spec: spec, inputs: 41, classes: 41, seed: 6)
            let t = Trainer(model: m, optimizer: opt, batchSize: 21, totalSteps: 6, threads: threads)
            return (m, data.map { t.step(contexts: $0.0, targets: $0.1, count: 21) })
        }
        let (a, la) = run(1), (b, lb) = run(2)
        #expect(la == lb)
        for (p, q) in zip(a.parameters, b.parameters) { #expect(p.array == q.array, "parameters differ bit-wise") }
    }
}
