// Optimizer updates against hand-computed values, and learning-rate schedules.
import Testing
@testable import ReciteCore
#if canImport(Glibc)
import Glibc
#endif

@Suite struct OptimizerTests {
    /// Single-precision updates of O(1) numbers: a few ulp.
    static let tolerance: Float = 2e-6

    /// A 1-token, 2-class, width-1 model: embeddings [e], output [w₀, w₁], bias [b₀, b₁].
    static func tiny() -> (LogBilinearModel, Gradients) {
        var rng = Xoshiro256(seed: 0)
        let m = LogBilinearModel(spec: ModelSpec(width: 1, context: 1, bias: true), inputVocabulary: 1, outputClasses: 2, rng: &rng)
        m.embeddings[0] = 1; m.output[0] = 2; m.output[1] = -1; m.bias[0] = 0.5; m.bias[1] = -0.5
        return (m, Gradients(model: m, capacity: 1))
    }

    /// Sets gradients gE, gW, gb and marks the embedding row touched (as a backward pass would).
    static func setGradients(_ g: Gradients, e: Float, w: [Float], b: [Float]) {
        g.embeddings[0] = e; g.output[0] = w[0]; g.output[1] = w[1]; g.bias[0] = b[0]; g.bias[1] = b[1]
        var token: Int32 = 0
        g.touch(contexts: &token, count: 1, context: 1, tableRows: 1)  // row 0 of table 0
    }

    static func values(_ m: LogBilinearModel) -> [Float] { [m.embeddings[0], m.output[0], m.output[1], m.bias[0], m.bias[1]] }

    static func close(_ a: [Float], _ b: [Float]) -> Bool { zip(a, b).allSatisfy { abs($0 - $1) <= tolerance * max(1, abs($1)) } }

    @Test func plainSGD() {
        let (m, g) = Self.tiny()
        var spec = OptimizerSpec(); spec.learningRate = 0.1
        let opt = Optimizer(spec: spec, model: m)
        Self.setGradients(g, e: 0.5, w: [1, -2], b: [0.25, 4])
        opt.step(model: m, gradients: g, learningRate: 0.1)
        let expected: [Float] = [1 - 0.05, 2 - 0.1, -1 + 0.2, 0.5 - 0.025, -0.5 - 0.4]
        #expect(Self.close(Self.values(m), expected), "\(Self.values(m)) vs \(expected)")
        #expect(g.embeddings[0] == 0 && g.touchedCount == 0, "embedding gradient rows must be cleared")
    }

    /// L2 weight decay on E and W (g + λw), never on the bias.
    @Test func sgdWeightDecaySkipsBias() {
        let (m, g) = Self.tiny()
        var spec = OptimizerSpec(); spec.weightDecay = 0.5
        let opt = Optimizer(spec: spec, model: m)
        Self.setGradients(g, e: 0.5, w: [1, -2], b: [0.25, 4])
        opt.step(model: m, gradients: g, learningRate: 0.1)
        // w − lr·(g + λw): e: 1 − 0.1·(0.5 + 0.5) = 0.9; w₀: 2 − 0.1·(1 + 1) = 1.8; w₁: −1 − 0.1·(−2 − 0.5) = −0.75.
        let expected: [Float] = [0.9, 1.8, -0.75, 0.475, -0.9]
        #expect(Self.close(Self.values(m), expected), "\(Self.values(m)) vs \(expected)")
    }

    /// Heavy ball (PyTorch): b₁ = g₁, b₂ = μ·b₁ + g₂; w ← w − lr·b.
    @Test func sgdMomentumTwoSteps() {
        let (m, g) = Self.tiny()
        var spec = OptimizerSpec(); spec.momentum = 0.9
        let opt = Optimizer(spec: spec, model: m)
        Self.setGradients(g, e: 0.5, w: [1, -2], b: [0.25, 4])
        opt.step(model: m, gradients: g, learningRate: 0.1)
        Self.setGradients(g, e: -1, w: [0, 1], b: [1, 0])
        opt.step(model: m, gradients: g, learningRate: 0.1)
        // e: 1 − 0.1·0.5 − 0.1·(0.45 − 1) = 1.005;  w₀: 2 − 0.1 − 0.1·0.9 = 1.81;  w₁: −1 + 0.2 − 0.1·(−1.8 + 1) = −0.72
        // b₀: 0.5 − 0.025 − 0.1·(0.225 + 1) = 0.3525;  b₁: −0.5 − 0.4 − 0.1·3.6 = −1.26
        let expected: [Float] = [1.005, 1.81, -0.72, 0.3525, -1.26]
        #expect(Self.close(Self.values(m), expected), "\(Self.values(m)) vs \(expected)")
    }

    /// AdamW (PyTorch): w ← w(1 − lr·λ) − lr·m̂/(√v̂ + ε), m̂ = m/(1 − β₁ᵗ), v̂ = v/(1 − β₂ᵗ); no decay on the bias.
    @Test func adamWTwoSteps() {
        let (m, g) = Self.tiny()
        var spec = OptimizerSpec(); spec.kind = .adamw; spec.weightDecay = 0.1
        let opt = Optimizer(spec: spec, model: m)
        let lr = 0.01, wd = 0.1, b1 = 0.9, b2 = 0.999, eps = 1e-8
        let grads: [[Double]] = [[0.5, 1, -2, 0.25, 4], [-1, 0, 1, 1, 0]]
        var w: [Double] = [1, 2, -1, 0.5, -0.5], mom = [Double](repeating: 0, count: 5), vel = mom
        for t in 1...2 {
            let gr = grads[t - 1]
            Self.setGradients(g, e: Float(gr[0]), w: [Float(gr[1]), Float(gr[2])], b: [Float(gr[3]), Float(gr[4])])
            opt.step(model: m, gradients: g, learningRate: Float(lr))
            for i in 0..<5 {
                mom[i] = b1 * mom[i] + (1 - b1) * gr[i]
                vel[i] = b2 * vel[i] + (1 - b2) * gr[i] * gr[i]
                let mhat = mom[i] / (1 - pow(b1, Double(t))), vhat = vel[i] / (1 - pow(b2, Double(t)))
                let decay = i >= 3 ? 1 : 1 - lr * wd
                w[i] = w[i] * decay - lr * mhat / (vhat.squareRoot() + eps)
            }
        }
        let expected = w.map { Float($0) }
        print("AdamW after 2 steps: \(Self.values(m)) vs \(expected)")
        #expect(Self.close(Self.values(m), expected))
    }

    /// By hand: Adam's bias-corrected first step is lr·g/|g| = lr·sign(g) per coordinate (ε aside).
    @Test func adamWFirstStepByHand() {
        let (m, g) = Self.tiny()
        var spec = OptimizerSpec(); spec.kind = .adamw; spec.weightDecay = 0.1
        let opt = Optimizer(spec: spec, model: m)
        Self.setGradients(g, e: 0.5, w: [1, -2], b: [0.25, 4])
        opt.step(model: m, gradients: g, learningRate: 0.01)
        // e: 1·0.999 − 0.01;  w₀: 2·0.999 − 0.01;  w₁: −1·0.999 + 0.01;  b: 0.5 − 0.01, −0.5 − 0.01.
        let expected: [Float] = [0.989, 1.988, -0.989, 0.49, -0.51]
        #expect(Self.close(Self.values(m), expected), "\(Self.values(m)) vs \(expected)")
    }

    @Test func scheduleValues() {
        var spec = OptimizerSpec(); spec.learningRate = 1; spec.schedule = .cosine
        spec.warmupFraction = 0.1; spec.finalFraction = 0.1
        let s = LearningRateSchedule(spec: spec, totalSteps: 100)
        // Warmup over 10 steps: (t + 1)/10.
        #expect(abs(s.rate(at: 0) - 0.1) < 1e-7 && abs(s.rate(at: 4) - 0.5) < 1e-7)
        // Cosine from the peak at t = 10 to 0.1 at t = 100; halfway (t = 55) at 0.55.
        #expect(s.rate(at: 10) == 1)
        #expect(abs(s.rate(at: 55) - 0.55) < 1e-6)
        #expect(abs(s.rate(at: 100) - 0.1) < 1e-7 && abs(s.rate(at: 1000) - 0.1) < 1e-7)
        #expect(s.rate(at: 99) > s.rate(at: 100) && s.rate(at: 11) < 1)

        var constant = OptimizerSpec(); constant.learningRate = 0.3
        let c = LearningRateSchedule(spec: constant, totalSteps: 10)
        #expect(c.rate(at: 0) == 0.3 && c.rate(at: 9) == 0.3)
        constant.warmupFraction = 0.5
        let cw = LearningRateSchedule(spec: constant, totalSteps: 10)
        #expect(abs(cw.rate(at: 0) - 0.06) < 1e-7 && cw.rate(at: 5) == 0.3)
    }
}
