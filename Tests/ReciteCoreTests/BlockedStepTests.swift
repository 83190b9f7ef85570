// The column-blocked narrow-width step (large V, H ≤ NarrowStep.blockedMaxWidth): its kernel at
// every instruction-set level against the Double reference of NarrowStepTests on odd shapes and
// odd blocks, its argument checks, the shape rule, and the trainer's blocked step against its
// sgemm step.
import Foundation
import Testing
@testable import ReciteCore

@Suite struct BlockedStepTests {
    @Test(arguments: Softmax.KernelLevel.allCases.filter(\.isSupported))
    func rowsMatchDoubleReference(level: Softmax.KernelLevel) {
        var rng = Xoshiro256(seed: 43)
        // (H, V, rows, block, bias): blocks that divide V, that leave a tail of 1, shorter than a
        // vector, not a multiple of 16, one block for the whole row, and every width's register path.
        var cases: [(Int, Int, Int, Int, Bool)] = [(1, 1, 3, 16, true), (1, 17, 5, 16, false), (2, 203, 7, 17, true),
                                                   (3, 16, 4, 5, true), (5, 1025, 9, 256, false), (6, 1025, 3, 680, true), (2, 1025, 3, 2048, false),
                                                   (16, 257, 2, 256, true), (7, 100, 1, 33, false)]
        for H in 8...15 { cases.append((H, 161 + H, 3, 48, H % 2 == 0)) }
        for (H, V, rows, block, withBias) in cases {
            let h = uniformFloats(rows * H, scale: 2, rng: &rng), W = uniformFloats(H * V, scale: 1.5, rng: &rng)
            let bias = withBias ? uniformFloats(V, scale: 1, rng: &rng) : nil
            let targets = (0..<rows).map { _ in Int32(rng.nextInt(V)) }
            let scale: Float = 1 / Float(rows)
            var scratch = [Float](repeating: .nan, count: rows * V), dh = [Float](repeating: .nan, count: rows * H)
            var acc = [Float](repeating: 0, count: H * V), sum = [Float](repeating: 0, count: V)
            var stats = [Float](repeating: .nan, count: rows * (2 * ((V + block - 1) / block) + 1))
            let biasBuffer = bias ?? [0]
            let loss = biasBuffer.withUnsafeBufferPointer { bp in
                sum.withUnsafeMutableBufferPointer { sp in
                    NarrowStep.blockedRows(hidden: h, rows: rows, width: H, output: W, classes: V, bias: withBias ? bp.baseAddress : nil,
                                           targets: targets, gradScale: scale, scratch: &scratch, hiddenGradient: &dh, accumulator: &acc,
                                           columnSum: withBias ? sp.baseAddress : nil, stats: &stats, block: block, level: level)
                }
            }
            let ref = NarrowStepTests.reference(h: h, rows: rows, width: H, W: W, classes: V, bias: bias, targets: targets,
                                                scale: Double(scale))
            func worst(_ a: [Float], _ b: [Double]) -> Double { zip(a, b).map { abs(Double($0) - $1) }.max() ?? 0 }
            let e = (loss: abs(loss - ref.loss) / max(1, abs(ref.loss)), dh: worst(dh, ref.dh), hg: worst(acc, ref.hg),
                     sum: withBias ? worst(sum, ref.sum) : 0)
            print("blocked rows \(level) H=\(H) V=\(V) rows=\(rows) block=\(block): loss \(e.loss), dh \(e.dh), hᵀg \(e.hg), Σg \(e.sum)")
            #expect(e.loss < 1e-5 && e.dh < 1e-5 && e.hg < 1e-5 && e.sum < 1e-6, "H=\(H) V=\(V) block=\(block)")
        }
    }

    /// The accumulator and column sum are added to, not overwritten (the trainer zeroes them per
    /// chunk; two calls on the same rows give twice the sums).
    @Test func accumulatesIntoItsOutputs() {
        var rng = Xoshiro256(seed: 44)
        let (H, V, rows) = (3, 301, 4)
        let h = uniformFloats(rows * H, scale: 1, rng: &rng), W = uniformFloats(H * V, scale: 1, rng: &rng)
        let targets = (0..<rows).map { _ in Int32(rng.nextInt(V)) }, bias = [Float](repeating: 0.25, count: V)
        var scratch = [Float](repeating: 0, count: rows * V), dh = [Float](repeating: 0, count: rows * H)
        var stats = [Float](repeating: 0, count: rows * (2 * ((V + 63) / 64) + 1))
        var once = [Float](repeating: 0, count: H * V), twice = once, sumOnce = [Float](repeating: 0, count: V), sumTwice = sumOnce
        _ = NarrowStep.blockedRows(hidden: h, rows: rows, width: H, output: W, classes: V, bias: bias, targets: targets, gradScale: 1,
                                   scratch: &scratch, hiddenGradient: &dh, accumulator: &once, columnSum: &sumOnce, stats: &stats, block: 64)
        for _ in 0..<2 {
            _ = NarrowStep.blockedRows(hidden: h, rows: rows, width: H, output: W, classes: V, bias: bias, targets: targets, gradScale: 1,
                                       scratch: &scratch, hiddenGradient: &dh, accumulator: &twice, columnSum: &sumTwice, stats: &stats,
                                       block: 64)
        }
        #expect(zip(once, twice).allSatisfy { abs(2 * $0 - $1) <= 1e-6 * max(1, abs($1)) })
        #expect(zip(sumOnce, sumTwice).allSatisfy { abs(2 * $0 - $1) <= 1e-6 * max(1, abs($1)) })
    }

    @Test func argumentsOutsideTheKernelsRangeAreNaN() {
        let h = [Float](repeating: 1, count: 64), W = [Float](repeating: 1, count: 64 * 300)
        var scratch = [Float](repeating: 0, count: 300), dh = [Float](repeating: 0, count: 64)
        var acc = [Float](repeating: 0, count: 64 * 300), stats = [Float](repeating: 0, count: 700)
        func loss(width H: Int, block: Int) -> Double {
            NarrowStep.blockedRows(hidden: h, rows: 1, width: H, output: W, classes: 300 / H, bias: nil, targets: [0], gradScale: 1,
                                   scratch: &scratch, hiddenGradient: &dh, accumulator: &acc, columnSum: nil, stats: &stats, block: block)
        }
        #expect(loss(width: NarrowStep.blockedMaxWidth + 1, block: 16).isNaN)
        #expect(loss(width: 2, block: 0).isNaN)
        #expect(loss(width: 16, block: NarrowStep.blockedPack / 16 + 1).isNaN)
        #expect(loss(width: 2, block: 16).isFinite)
    }

    /// The shape rule: only a large output layer of a narrow model takes the blocked kernel, so the
    /// isoFLOP (V = 1,025) and recitation shapes keep their paths and their bits; the row kernel
    /// takes H ≤ 6 at every level and H ≤ 11 at the AVX2 level.
    @Test func shapeRule() {
        #expect(NarrowStep.path(width: 5, classes: 40_961) == .blocked)
        #expect(NarrowStep.path(width: 10, classes: 40_961) == .blocked)
        #expect(NarrowStep.path(width: 16, classes: 40_961) == .blocked)
        #expect(NarrowStep.path(width: 17, classes: 40_961) == .sgemm)
        #expect(NarrowStep.path(width: 1, classes: 40_961) == .rows)
        #expect(NarrowStep.path(width: 2, classes: 1025) == .rows)
        // 7-11: the row kernel at the AVX2 level only (faster than sgemm there, slower on a Zen 4).
        for level in Softmax.KernelLevel.allCases { #expect(NarrowStep.path(width: 6, classes: 1025, level: level) == .rows) }
        #expect(NarrowStep.path(width: 8, classes: 1025, level: .avx2) == .rows)
        #expect(NarrowStep.path(width: 11, classes: 1025, level: .avx2) == .rows)
        #expect(NarrowStep.path(width: 12, classes: 1025, level: .avx2) == .sgemm)
        #expect(NarrowStep.path(width: 8, classes: 1025, level: .avx512) == .sgemm)
        #expect(NarrowStep.path(width: 8, classes: 1025, level: .generic) == .sgemm)
        #expect(NarrowStep.path(width: 16, classes: 4353) == .sgemm)
        for H in 1...16 {
            let block = NarrowStep.blockColumns(width: H)
            #expect(block >= 16 && H * block <= NarrowStep.blockedPack)
        }
    }

    /// The trainer's blocked step against its three-sgemm step: the same update up to Float rounding,
    /// for plain SGD (fused, with decay) and AdamW, with and without a bias, summed and concatenated
    /// contexts, and a batch whose chunks do not split evenly.
    @Test(arguments: [OptimizerKind.sgd, .adamw])
    func trainerMatchesTheSgemmStep(kind: OptimizerKind) {
        for (spec, v, n, wd) in [(ModelSpec(width: 5, context: 1, combine: .sum, bias: true), 16_411, 13, Float(0.01)),
                                 (ModelSpec(width: 3, context: 3, combine: .concat, bias: false), 9_001, 8, 0),
                                 (ModelSpec(width: 16, context: 2, combine: .sum, bias: true), 8_192, 5, 0)] {
            NarrowStepTests.expectSameUpdateAsSgemm(spec: spec, inputs: 97, classes: v, batch: n, weightDecay: wd, kind: kind,
                                                    path: .blocked, steps: 4)
        }
    }

    /// One and two threads give the same bits on the blocked step too.
    @Test func oneAndTwoThreadsAgreeBitForBit() {
        let spec = ModelSpec(width: 4, context: 1, combine: .sum, bias: true)
        var opt = OptimizerSpec(); opt.learningRate = 0.5; opt.weightDecay = 0.01
        let data = TrainerTests.batches(count: 4, size: 11, context: 1, vocabulary: 50, classes: 16_411, seed: 6)
        func run(_ threads: Int) -> (LogBilinearModel, [Double]) {
            let m = randomModel(spec: spec, inputs: 50, classes: 16_411, seed: 7)
            let t = Trainer(model: m, optimizer: opt, batchSize: 11, totalSteps: 4, threads: threads)
            #expect(t.path == .blocked)
            return (m, data.map { t.step(contexts: $0.0, targets: $0.1, count: 11) })
        }
        let (a, la) = run(1), (b, lb) = run(2)
        #expect(la == lb)
        for (p, q) in zip(a.parameters, b.parameters) { #expect(p.array == q.array, "parameters differ bit-wise") }
    }
}
