// The C AdamW kernel against the plain Swift loop it replaced, bit for bit, at every supported
// instruction-set level, on odd lengths (vector body plus scalar tail) and over several steps.
import Testing
@testable import ReciteCore

@Suite struct AdamWKernelTests {
    /// Random buffers: weights, momenta and gradients of mixed scale, some gradients exactly zero
    /// (the untouched embedding rows), one huge and one tiny.
    static func buffers(_ n: Int, seed: UInt64) -> (w: [Float], m: [Float], v: [Float], g: [[Float]]) {
        var rng = Xoshiro256(seed: seed)
        func u() -> Float { Float(rng.nextDouble()) * 2 - 1 }
        let w = (0..<n).map { _ in u() }, m = (0..<n).map { _ in 0.1 * u() }, v = (0..<n).map { _ in abs(0.01 * u()) }
        let g = (0..<4).map { s in (0..<n).map { i -> Float in
            if i % 5 == 2 { return 0 }
            if i == 3 && s == 1 { return 3e4 }
            if i == 1 { return 1e-30 }
            return u() * (s == 2 ? 100 : 1)
        } }
        return (w, m, v, g)
    }

    static func bits(_ x: [Float]) -> [UInt32] { x.map(\.bitPattern) }

    @Test(arguments: Softmax.KernelLevel.allCases.filter(\.isSupported))
    func kernelMatchesSwiftLoop(level: Softmax.KernelLevel) {
        for n in [1, 7, 15, 16, 17, 33, 100, 1031] {
            let start = Self.buffers(n, seed: UInt64(n)), gs = start.g
            var (w0, m0, v0) = (start.w, start.m, start.v)
            var (w1, m1, v1) = (w0, m0, v0)
            for (t, g) in gs.enumerated() {
                let (c1, c2) = Optimizer.adamwCorrections(beta1: 0.9, beta2: 0.999, step: t + 1)
                let lr: Float = 0.007, decay: Float = t == 3 ? 1 - 0.007 * 0.1 : 1
                Optimizer.adamwReference(w: &w0, g: g, m: &m0, v: &v0, count: n, beta1: 0.9, beta2: 0.999, c1: c1, c2: c2,
                                         learningRate: lr, epsilon: 1e-8, decay: decay)
                Optimizer.adamw(w: &w1, g: g, m: &m1, v: &v1, count: n, beta1: 0.9, beta2: 0.999, c1: c1, c2: c2,
                                learningRate: lr, epsilon: 1e-8, decay: decay, level: level)
            }
            #expect(Self.bits(w0) == Self.bits(w1), "weights differ at n = \(n), level \(level)")
            #expect(Self.bits(m0) == Self.bits(m1) && Self.bits(v0) == Self.bits(v1), "moments differ at n = \(n), level \(level)")
        }
    }
}
