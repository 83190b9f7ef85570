// Vector exp accuracy, fused softmax cross-entropy against a Double reference, and stability.
import Testing
@testable import ReciteCore
#if canImport(Glibc)
import Glibc
#endif

@Suite struct SoftmaxTests {
    /// Polynomial exp: a few ulp (2⁻²³ ≈ 1.19e-7 each) on the whole normal range.
    static let expTolerance = 6e-7
    /// Loss and gradient of the fused Float kernel against Double.
    static let lossTolerance = 2e-6
    static let gradientTolerance = 1e-6

    @Test func expRelativeErrorOverNormalRange() {
        var worst = 0.0, worstAt: Float = 0
        var rng = Xoshiro256(seed: 1)
        var xs = (0..<(1 << 20)).map { _ in -87 + rng.nextFloat() * 175 }
        xs += stride(from: Float(-87), through: 88, by: 0.001).map { $0 }
        xs += [-87, 0, -0, 88, 1e-8, -1e-8, 0.34657359, -0.34657359]
        var i = 0
        while i + 16 <= xs.count {
            var v = FloatVector()
            for l in 0..<16 { v[l] = xs[i + l] }
            let e = Softmax.exp(v)
            for l in 0..<16 {
                let err = relativeError(Double(e[l]), Glibc.exp(Double(v[l])), floor: 0)
                if err > worst { worst = err; worstAt = v[l] }
            }
            i += 16
        }
        print("Softmax.exp: max relative error \(worst) at x = \(worstAt) over \(i) points")
        #expect(worst < Self.expTolerance)
    }

    @Test func expEdges() {
        #expect(Softmax.exp(Float(0)) == 1)
        // Near the top of the range, where 2ⁿ needs n = 128: still finite and accurate.
        for x: Float in [88.0, 88.376, 88.37627, 88.5, 88.72] {
            let e = Softmax.exp(x)
            #expect(e.isFinite && relativeError(Double(e), Glibc.exp(Double(x)), floor: 0) < Self.expTolerance, "exp(\(x)) = \(e)")
        }
        #expect(Softmax.exp(Float(-200)) < 1.2e-38)
        #expect(Softmax.exp(Float(200)) == .infinity)
        #expect(Softmax.exp(Float(-87.3)) > 0)
    }

    /// Reference: p = softmax(z + b), loss = −log p_y, g = (p − onehot)·scale, all in Double.
    static func reference(_ z: [Float], _ b: [Float]?, y: Int, scale: Double) -> (loss: Double, grad: [Double]) {
        let zz = z.indices.map { i in Double(z[i]) + (b.map { Double($0[i]) } ?? 0) }
        let m = zz.max()!
        let s = zz.reduce(0) { $0 + exp($1 - m) }
        let grad = zz.indices.map { (exp(zz[$0] - m) / s - ($0 == y ? 1 : 0)) * scale }
        return (m + log(s) - zz[y], grad)
    }

    @Test(arguments: [1, 2, 15, 16, 17, 100, 1024])
    func crossEntropyMatchesDouble(width n: Int) {
        var rng = Xoshiro256(seed: UInt64(n))
        let rows = 5
        for withBias in [false, true] {
            var logits = uniformFloats(rows * n, scale: 8, rng: &rng)
            let bias = uniformFloats(n, scale: 2, rng: &rng)
            let targets = (0..<rows).map { _ in Int32(rng.nextInt(n)) }
            let original = logits
            var rowLoss = [Float](repeating: 0, count: rows)
            let scale: Float = 1 / Float(rows)
            let total = bias.withUnsafeBufferPointer { bp in
                Softmax.crossEntropyGradient(logits: &logits, rows: rows, width: n, bias: withBias ? bp.baseAddress : nil,
                                             targets: targets, gradScale: scale, rowLoss: &rowLoss)
            }
            var worstLoss = 0.0, worstGrad = 0.0, refTotal = 0.0
            for r in 0..<rows {
                let ref = Self.reference(Array(original[(r * n)..<((r + 1) * n)]), withBias ? bias : nil, y: Int(targets[r]), scale: Double(scale))
                refTotal += ref.loss
                worstLoss = max(worstLoss, relativeError(Double(rowLoss[r]), ref.loss, floor: 1))
                for c in 0..<n { worstGrad = max(worstGrad, abs(Double(logits[r * n + c]) - ref.grad[c])) }
            }
            worstLoss = max(worstLoss, relativeError(total, refTotal, floor: 1))
            print("crossEntropy n=\(n) bias=\(withBias): loss error \(worstLoss), max |Δg| \(worstGrad)")
            #expect(worstLoss < Self.lossTolerance && worstGrad < Self.gradientTolerance)
        }
    }

    /// Logits of ±1e4: the max shift keeps everything finite; the loss is exact and every gradient
    /// row sums to zero (softmax sums to one).
    @Test func stableAtExtremeLogits() {
        let n = 37
        var base = [Float](repeating: 0, count: n)
        base[3] = 1e4; base[20] = -1e4; base[36] = 1e4
        // Targets: a maximal logit (tied with another), the minimal one, a zero one.
        let targets: [Int32] = [3, 20, 5]
        var logits = base + base + base
        var rowLoss = [Float](repeating: 0, count: 3)
        let total = Softmax.crossEntropyGradient(logits: &logits, rows: 3, width: n, bias: nil, targets: targets,
                                                 gradScale: 1, rowLoss: &rowLoss)
        let expected: [Double] = [log(2), 2e4 + log(2), 1e4 + log(2)]
        for r in 0..<3 {
            #expect(relativeError(Double(rowLoss[r]), expected[r], floor: 1) < Self.lossTolerance, "row \(r): \(rowLoss[r]) vs \(expected[r])")
            let row = logits[(r * n)..<((r + 1) * n)]
            #expect(row.allSatisfy { $0.isFinite })
            let sum = row.reduce(0.0) { $0 + Double($1) }
            #expect(abs(sum) < 1e-6, "row \(r) gradient sum \(sum)")
        }
        #expect(total.isFinite && relativeError(total, expected.reduce(0, +), floor: 1) < Self.lossTolerance)
    }

    @Test func logSoftmaxNormalises() {
        var rng = Xoshiro256(seed: 4)
        let n = 50
        var z = uniformFloats(2 * n, scale: 30, rng: &rng)
        let bias = uniformFloats(n, scale: 1, rng: &rng)
        bias.withUnsafeBufferPointer { Softmax.logSoftmax(logits: &z, rows: 2, width: n, bias: $0.baseAddress) }
        for r in 0..<2 {
            let s = z[(r * n)..<((r + 1) * n)].reduce(0.0) { $0 + exp(Double($1)) }
            #expect(abs(s - 1) < 1e-5, "row \(r) sums to \(s)")
        }
    }
}
