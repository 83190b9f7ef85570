// The recurrent-depth model: finite-difference gradients through the recurrence (truncated and
// not), the reduction to the log-bilinear model, the recurrence sampler's moments, determinism.
import Testing
@testable import ReciteCore
#if canImport(Glibc)
import Glibc
#endif

@Suite struct RecurrentDepthTests {
    static let fdStep = 1e-5
    /// Float kernels against a Double reference through up to 8 tanh iterations: ~1e-6 rounding,
    /// amplified in small entries, hence relative error with an absolute floor (as for the
    /// log-bilinear model's check).
    static let fdTolerance = 5e-4
    static let fdFloor = 1e-3

    struct Case: CustomTestStringConvertible, Sendable {
        var recurrences: Int, backpropDepth: Int, combine: ContextCombine, activation: RecurrentActivation
        var updateFraction: Float = 1
        var truncated: Bool { backpropDepth < recurrences }
        var testDescription: String { "r=\(recurrences) k_bp=\(backpropDepth) \(combine) \(activation) α=\(updateFraction)" }
    }

    static let cases: [Case] = [
        Case(recurrences: 1, backpropDepth: 8, combine: .sum, activation: .tanh),
        Case(recurrences: 3, backpropDepth: 8, combine: .sum, activation: .tanh),
        Case(recurrences: 3, backpropDepth: 2, combine: .sum, activation: .tanh),
        Case(recurrences: 8, backpropDepth: 8, combine: .concat, activation: .tanh),
        Case(recurrences: 8, backpropDepth: 3, combine: .concat, activation: .tanh),
        Case(recurrences: 3, backpropDepth: 8, combine: .sum, activation: .identity),
        // The residual step (α < 1): the carried part (1 − α)·ds and α in dz.
        Case(recurrences: 1, backpropDepth: 8, combine: .sum, activation: .tanh, updateFraction: 0.3),
        Case(recurrences: 8, backpropDepth: 8, combine: .concat, activation: .tanh, updateFraction: 0.25),
        Case(recurrences: 8, backpropDepth: 3, combine: .concat, activation: .tanh, updateFraction: 0.125),
        Case(recurrences: 3, backpropDepth: 8, combine: .sum, activation: .identity, updateFraction: 0.5),
    ]

    static func model(_ c: Case, seed: UInt64 = 5) -> RecurrentDepthModel {
        let block = RecurrentSpec(stateWidth: 5, backpropDepth: c.backpropDepth, initialStateScale: 0.7,
                                  recurrentInitScale: 1.2, injectionInitScale: 1.5, activation: c.activation,
                                  updateFraction: c.updateFraction)
        let spec = ModelSpec(width: 3, context: 2, combine: c.combine, bias: true, outputInitScale: 1, recurrent: block)
        var rng = Xoshiro256(seed: seed)
        let m = RecurrentDepthModel(spec: spec, inputVocabulary: 7, outputClasses: 9, rng: &rng)
        if c.activation == .identity { for i in 0..<m.recurrent.count { m.recurrent[i] *= 0.4 } }  // keep A^r tame
        for b in [m.stateBias, m.bias] { for i in 0..<b.count { b[i] = (rng.nextFloat() * 2 - 1) * 0.5 } }
        return m
    }

    /// Six examples; examples 0 and 4 share their context, example 1 repeats a token.
    static let contexts: [Int32] = [3, 1, 2, 2, 6, 0, 0, 3, 3, 1, 5, 5]
    static let targets: [Int32] = [1, 0, 4, 8, 1, 7]

    /// Max relative error of each parameter's gradient against central differences of the
    /// reference's truncated objective (s_{r−m} frozen at the value the forward computed).
    static func check(_ m: RecurrentDepthModel, recurrences r: Int) -> (worst: [String: Double], loss: (Double, Double), analytic: [[Double]], ref: RecurrentReference, start: [Double]) {
        let n = targets.count, steps = min(m.block.backpropDepth, r)
        let ws = RecurrentWorkspace(model: m, capacity: n), grads = RecurrentGradients(model: m, capacity: n)
        var rng = Xoshiro256(seed: 99)
        let loss = contexts.withUnsafeBufferPointer { c in targets.withUnsafeBufferPointer { t in
            m.lossAndGradients(contexts: c.baseAddress!, targets: t.baseAddress!, count: n, recurrences: r, rng: &rng,
                               workspace: ws, gradients: grads)
        } }
        let start = (0..<(n * m.stateWidth)).map { Double(ws.states[$0]) }  // slot 0 = s_{r−m}
        var ref = RecurrentReference(m)
        let refLoss = ref.meanLoss(contexts: contexts, targets: targets, start: start, steps: steps)
        var worst: [String: Double] = [:]
        for p in 0..<ref.params.count {
            var w = 0.0
            for i in 0..<ref.params[p].count {
                let x = ref.params[p][i]
                ref.params[p][i] = x + fdStep; let up = ref.meanLoss(contexts: contexts, targets: targets, start: start, steps: steps)
                ref.params[p][i] = x - fdStep; let down = ref.meanLoss(contexts: contexts, targets: targets, start: start, steps: steps)
                ref.params[p][i] = x
                w = max(w, relativeError(Double(grads.buffers[p][i]), (up - down) / (2 * fdStep), floor: fdFloor))
            }
            worst[RecurrentDepthModel.parameterNames[p]] = w
        }
        return (worst, (loss / Double(n), refLoss), grads.buffers.map(doubles), ref, start)
    }

    @Test(arguments: cases)
    func finiteDifferences(_ c: Case) {
        let m = Self.model(c)
        let (worst, loss, analytic, _, _) = Self.check(m, recurrences: c.recurrences)
        print("FD recurrent \(c.testDescription): max relative error " +
              RecurrentDepthModel.parameterNames.map { "\($0) \(worst[$0]!)" }.joined(separator: ", "))
        #expect(relativeError(loss.0, loss.1, floor: 1) < 1e-5, "forward loss \(loss.0) vs reference \(loss.1)")
        #expect(worst.values.allSatisfy { $0 < Self.fdTolerance }, "\(worst)")
        for (p, g) in analytic.enumerated() {
            #expect(g.contains { abs($0) > 1e-6 }, "gradient of \(RecurrentDepthModel.parameterNames[p]) is trivially zero")
        }
    }

    /// Truncation really truncates: with r = 8 and k_bp = 3 the gradient of A differs from the full
    /// gradient (k_bp = 8) by far more than the finite-difference tolerance.
    @Test func truncationChangesTheGradient() {
        let full = Self.model(Case(recurrences: 8, backpropDepth: 8, combine: .concat, activation: .tanh))
        let cut = Self.model(Case(recurrences: 8, backpropDepth: 3, combine: .concat, activation: .tanh))
        let gf = Self.check(full, recurrences: 8).analytic[1], gc = Self.check(cut, recurrences: 8).analytic[1]
        let diff = zip(gf, gc).map { abs($0 - $1) }.max()!, scale = gf.map(abs).max()!
        print("truncation: max |dA_full − dA_truncated| = \(diff) (max |dA_full| = \(scale))")
        #expect(diff > 0.01 * scale)
    }

    /// r = 1, φ = identity, s₀ = 0, D = H, U = I, c = 0: s₁ = e, so log-probabilities and the
    /// gradients of E, W, b equal the log-bilinear model's bit for bit.
    @Test(arguments: [ContextCombine.sum, .concat])
    func reducesToLogBilinear(_ combine: ContextCombine) {
        let base = ModelSpec(width: 4, context: 3, combine: combine, bias: true, outputInitScale: 1)
        let lb = randomModel(spec: base, inputs: 7, classes: 11, seed: 3)
        var spec = base
        spec.recurrent = RecurrentSpec(stateWidth: base.hiddenSize, initialStateScale: 0, activation: .identity)
        var rng = Xoshiro256(seed: 8)
        let rd = RecurrentDepthModel(spec: spec, inputVocabulary: 7, outputClasses: 11, rng: &rng)
        rd.embeddings.copy(from: lb.embeddings); rd.output.copy(from: lb.output); rd.bias.copy(from: lb.bias)
        rd.stateBias.fill(0)
        let h = base.hiddenSize
        rd.injection.fill(0); for i in 0..<h { rd.injection[i * h + i] = 1 }
        for i in 0..<rd.recurrent.count { rd.recurrent[i] = Float(rng.nextGaussian()) }  // irrelevant: s₀ = 0

        let contexts: [Int32] = [3, 1, 4, 2, 2, 2, 6, 0, 5, 0, 3, 1, 3, 1, 4, 5, 5, 0]
        let targets: [Int32] = [1, 0, 4, 9, 1, 7]
        let n = targets.count
        let lws = Workspace(model: lb, capacity: n), lg = Gradients(model: lb, capacity: n)
        let rws = RecurrentWorkspace(model: rd, capacity: n), rg = RecurrentGradients(model: rd, capacity: n)
        let lp1 = contexts.withUnsafeBufferPointer { Array(UnsafeBufferPointer(start: lb.logProbabilities(contexts: $0.baseAddress!, count: n, workspace: lws), count: n * 11)) }
        let lp2 = contexts.withUnsafeBufferPointer { Array(UnsafeBufferPointer(start: rd.logProbabilities(contexts: $0.baseAddress!, count: n, recurrences: 1, rng: &rng, workspace: rws), count: n * 11)) }
        #expect(lp1 == lp2)
        let l1 = contexts.withUnsafeBufferPointer { c in targets.withUnsafeBufferPointer { t in
            lb.lossAndGradients(contexts: c.baseAddress!, targets: t.baseAddress!, count: n, workspace: lws, gradients: lg) } }
        let l2 = contexts.withUnsafeBufferPointer { c in targets.withUnsafeBufferPointer { t in
            rd.lossAndGradients(contexts: c.baseAddress!, targets: t.baseAddress!, count: n, recurrences: 1, rng: &rng,
                                workspace: rws, gradients: rg) } }
        #expect(l1 == l2)
        #expect(lg.embeddings.array == rg.buffers[0].array)
        #expect(lg.output.array == rg.buffers[4].array)
        #expect(lg.bias.array == rg.buffers[5].array)
        // And it can fail: a state bias of 1e-3 breaks the equality.
        rd.stateBias.fill(1e-3)
        let lp3 = contexts.withUnsafeBufferPointer { Array(UnsafeBufferPointer(start: rd.logProbabilities(contexts: $0.baseAddress!, count: n, recurrences: 1, rng: &rng, workspace: rws), count: n * 11)) }
        #expect(lp3 != lp1)
    }

    /// Mean and variance of 10⁵ draws against E[r] = r̄ + 1, Var[r] = r̄ + r̄²(e^{σ²} − 1).
    /// Tolerances: 5 standard errors of the mean; 5% of the variance (its standard error is < 1%
    /// at these settings: the fourth moment of a log-normal with σ ≤ 1 over 10⁵ draws).
    @Test(arguments: [(32.0, 0.5), (4.0, 1.0), (8.0, 0.0)])
    func samplerMoments(_ setting: (Double, Double)) {
        let s = RecurrenceSampler(meanRate: setting.0, sigma: setting.1)
        var rng = Xoshiro256(seed: 2024, stream: 3)
        let n = 100_000
        var sum = 0.0, sq = 0.0, minimum = Int.max
        for _ in 0..<n { let r = s.next(&rng); sum += Double(r); sq += Double(r * r); minimum = min(minimum, r) }
        let mean = sum / Double(n), variance = sq / Double(n) - mean * mean
        print("sampler r̄=\(setting.0) σ=\(setting.1): mean \(mean) (formula \(s.mean)), variance \(variance) (formula \(s.variance))")
        #expect(abs(mean - s.mean) < 5 * (s.variance / Double(n)).squareRoot())
        #expect(abs(variance - s.variance) < 0.05 * s.variance)
        #expect(minimum >= 1)
    }

    /// The Poisson draw alone: mean and variance λ at a large λ (the sum of pieces of rate ≤ 8).
    @Test func poissonMoments() {
        var rng = Xoshiro256(seed: 11)
        let n = 100_000, lambda = 37.3
        var sum = 0.0, sq = 0.0
        for _ in 0..<n { let k = Double(RecurrenceSampler.poisson(lambda, &rng)); sum += k; sq += k * k }
        let mean = sum / Double(n), variance = sq / Double(n) - mean * mean
        #expect(abs(mean - lambda) < 5 * (lambda / Double(n)).squareRoot())
        #expect(abs(variance - lambda) < 0.05 * lambda)
    }

    /// Same seed → bit-identical parameters after training (r drawn, initial states random);
    /// another seed → different ones.
    @Test func trainingIsDeterministic() {
        func train(seed: UInt64) -> [Float] {
            let block = RecurrentSpec(stateWidth: 8, meanRecurrence: 4, backpropDepth: 3)
            let spec = ModelSpec(width: 6, context: 2, combine: .concat, recurrent: block)
            var rng = Xoshiro256(seed: 1)
            let m = RecurrentDepthModel(spec: spec, vocabulary: 13, rng: &rng)
            var opt = OptimizerSpec(); opt.kind = .adamw; opt.learningRate = 0.01
            let t = RecurrentTrainer(model: m, optimizer: opt, batchSize: 16, totalSteps: 10, seed: seed)
            var data = Xoshiro256(seed: 77)
            for _ in 0..<10 {
                let c = (0..<32).map { _ in Int32(data.nextInt(13)) }, y = (0..<16).map { _ in Int32(data.nextInt(13)) }
                c.withUnsafeBufferPointer { cp in y.withUnsafeBufferPointer { yp in _ = t.step(contexts: cp.baseAddress!, targets: yp.baseAddress!, count: 16) } }
            }
            return m.parameters.flatMap(\.array)
        }
        let a = train(seed: 5), b = train(seed: 5), c = train(seed: 6)
        #expect(a == b)
        #expect(a != c)
    }

    /// Parameter count and FLOPs by hand for one small shape.
    @Test func countsByHand() {
        let block = RecurrentSpec(stateWidth: 5, backpropDepth: 3)
        let spec = ModelSpec(width: 3, context: 2, combine: .concat, bias: true, recurrent: block)
        // k·V·d + D² + H·D + D + D·V + V = 2·7·3 + 25 + 6·5 + 5 + 5·9 + 9
        #expect(spec.recurrentParameterCount(block, inputVocabulary: 7, outputClasses: 9) == 42 + 25 + 30 + 5 + 45 + 9)
        var rng = Xoshiro256(seed: 1)
        #expect(RecurrentDepthModel(spec: spec, inputVocabulary: 7, outputClasses: 9, rng: &rng).parameters.map(\.count).reduce(0, +) == 156)
        // Inference at r = 4: 2·H·D + D + 2·r·D² + 2·D·V + V = 60 + 5 + 200 + 90 + 9
        #expect(spec.recurrentInferenceFlopsPerToken(block, recurrences: 4, outputClasses: 9) == 364)
        // Training at r = 4 (m = 3): inference + 4·3·25 + 4·30 + 5 + 4·45 + 9 + k·d(6)
        #expect(spec.recurrentTrainingFlopsPerToken(block, recurrences: 4, outputClasses: 9) == 364 + 300 + 120 + 5 + 180 + 9 + 6)
    }
}
