// Global gradient-norm clipping (`optimizer.clip_norm`): on planted gradients, and through the
// trainer's paths against the reference backward with the norm taken independently in Double.
import Testing
@testable import ReciteCore

@Suite struct GradientClippingTests {
    /// gE = 0.5, gW = [1, −2], gb = [0.25, 4]: ‖g‖ = √21.3125 ≈ 4.6166.
    static let plantedNorm = Double(21.3125).squareRoot()

    /// With momentum too (heavy ball's first buffer is the clipped g itself, so the first step is the same).
    @Test(arguments: [Float(0), 0.9])
    func aboveTheThresholdTheWholeGradientShrinksToIt(momentum: Float) {
        let (m, g) = OptimizerTests.tiny()
        var spec = OptimizerSpec(); spec.clipNorm = 1; spec.momentum = momentum
        let opt = Optimizer(spec: spec, model: m)
        OptimizerTests.setGradients(g, e: 0.5, w: [1, -2], b: [0.25, 4])
        opt.step(model: m, gradients: g, learningRate: 0.1)
        let s = Float(0.1 / Self.plantedNorm)
        let expected: [Float] = [1 - s * 0.5, 2 - s * 1, -1 + s * 2, 0.5 - s * 0.25, -0.5 - s * 4]
        #expect(OptimizerTests.close(OptimizerTests.values(m), expected), "\(OptimizerTests.values(m)) vs \(expected)")
        #expect(abs(Double(opt.lastGradientNorm) - Self.plantedNorm) < 1e-5)
        #expect(opt.clippedSteps == 1)
    }

    @Test func belowTheThresholdTheStepIsPlainSGD() {
        let (m, g) = OptimizerTests.tiny()
        var spec = OptimizerSpec(); spec.clipNorm = 5
        let opt = Optimizer(spec: spec, model: m)
        #expect(!opt.isPlainSGD, "a clipped run must not take the fused path, which never sees the whole gradient")
        OptimizerTests.setGradients(g, e: 0.5, w: [1, -2], b: [0.25, 4])
        opt.step(model: m, gradients: g, learningRate: 0.1)
        let expected: [Float] = [1 - 0.05, 2 - 0.1, -1 + 0.2, 0.5 - 0.025, -0.5 - 0.4]
        #expect(OptimizerTests.close(OptimizerTests.values(m), expected), "\(OptimizerTests.values(m)) vs \(expected)")
        #expect(opt.clippedSteps == 0)
    }

    /// One trainer step with clipping against the reference backward, whose dense gradient's norm is
    /// summed here in Double: at a narrow width (the row kernel), a width past it (sgemm) and on two
    /// threads; context 2 over a small vocabulary, so embedding rows repeat within the batch.
    @Test(arguments: [(3, 1), (9, 1), (9, 2)])
    func trainerStepMatchesTheClippedReference(width: Int, threads: Int) {
        let spec = ModelSpec(width: width, context: 2, combine: .sum, bias: true)
        let (v, n, lr) = (37, 24, Float(0.5))
        let data = TrainerTests.batches(count: 1, size: n, context: 2, vocabulary: 5, classes: v, seed: 3)[0]
        for clip in [0.01, 1e6] {
            let reference = randomModel(spec: spec, inputs: v, classes: v, seed: 4)
            let ws = Workspace(model: reference, capacity: n), grads = Gradients(model: reference, capacity: n)
            _ = reference.lossAndGradients(contexts: data.0, targets: data.1, count: n, workspace: ws, gradients: grads)
            var squares = 0.0
            for g in grads.buffers { for i in 0..<g.count { squares += Double(g[i]) * Double(g[i]) } }
            let norm = squares.squareRoot(), scale = Float(min(1, clip / norm))
            for (p, g) in zip(reference.parameters, grads.buffers) { for i in 0..<p.count { p[i] -= lr * scale * g[i] } }

            let m = randomModel(spec: spec, inputs: v, classes: v, seed: 4)
            var opt = OptimizerSpec(); opt.learningRate = lr; opt.clipNorm = clip
            let t = Trainer(model: m, optimizer: opt, batchSize: n, totalSteps: 1, threads: threads)
            _ = t.step(contexts: data.0, targets: data.1, count: n)
            let diff = TrainerTests.maxDifference(m, reference)
            #expect(abs(Double(t.optimizer.lastGradientNorm) - norm) <= 1e-5 * norm, "norm \(t.optimizer.lastGradientNorm) against \(norm)")
            #expect(t.optimizer.clippedSteps == (clip < norm ? 1 : 0))
            #expect(diff < 1e-6, "H=\(width) threads=\(threads) clip=\(clip): max |Δθ| = \(diff)")
        }
    }
}
