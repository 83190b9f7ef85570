// The C tanh kernel (CKernels/tanh_body.h, through Activation.swift) at every dispatch level this
// CPU supports: ulp error against a Double reference on a dense sweep and on odd lengths (vector
// body plus tail), the edge cases, oddness, and bits that do not depend on position or length.
import Testing
@testable import ReciteCore
#if canImport(Glibc)
import Glibc
#endif

@Suite struct TanhKernelTests {
    /// Most ulp of error against the Double tanh. Measured on every float of [0, 20] (the kernel is
    /// odd bit for bit, so that is [−20, 20]; above 9.01 every answer is ±1) at all three levels:
    /// 1.51 ulp, 9.0e-8 absolute. glibc's `tanhf` reaches 2.19 ulp on [0, 0.7].
    static let ulpTolerance = 2.0
    static let levels = Softmax.KernelLevel.allCases.filter(\.isSupported)

    /// The float ulp at the exact value `t` (the spacing of floats in its binade, 2⁻¹⁴⁹ below the normals).
    static func ulp(_ t: Double) -> Double {
        let a = abs(t)
        return a < Double(Float.leastNormalMagnitude) ? Double(Float.leastNonzeroMagnitude) : exp2(Double(a.exponent - 23))
    }

    static func ulpError(_ y: Float, _ x: Float) -> Double {
        let t = Glibc.tanh(Double(x))
        return abs(Double(y) - t) / ulp(t)
    }

    static func tanh(_ xs: [Float], level: Softmax.KernelLevel) -> [Float] {
        var out = [Float](repeating: .nan, count: xs.count)
        xs.withUnsafeBufferPointer { x in
            out.withUnsafeMutableBufferPointer { Activation.tanh(x.baseAddress!, into: $0.baseAddress!, count: xs.count, level: level) }
        }
        return out
    }

    @Test(arguments: levels)
    func denseSweepWithinTolerance(level: Softmax.KernelLevel) {
        // Every 2⁻¹⁴ on [−20, 20] (655,361 points, an odd count: a tail), plus the neighbourhood of the
        // branch point 0.625 and of 0, float by float.
        var xs = stride(from: -20.0, through: 20.0, by: 0x1p-14).map { Float($0) }
        var v = Float(0.625)
        for _ in 0..<2000 { v = v.nextDown }
        for _ in 0..<4000 { xs.append(v); v = v.nextUp }
        xs += (0..<2000).map { Float($0) * 1e-7 }
        let ys = Self.tanh(xs, level: level)
        var worst = 0.0, worstAt: Float = 0
        for i in xs.indices {
            let e = Self.ulpError(ys[i], xs[i])
            if e > worst { worst = e; worstAt = xs[i] }
        }
        print("ck tanh [\(level)]: max \(worst) ulp at x = \(worstAt) over \(xs.count) points")
        #expect(worst <= Self.ulpTolerance)
    }

    @Test(arguments: levels)
    func oddLengthsAgainstDouble(level: Softmax.KernelLevel) {
        var rng = Xoshiro256(seed: 12)
        for n in [1, 7, 15, 16, 17, 33, 1025] {
            let xs = (0..<n).map { i -> Float in i % 3 == 0 ? (rng.nextFloat() * 2 - 1) * 20 : (rng.nextFloat() * 2 - 1) * 1.5 }
            let ys = Self.tanh(xs, level: level)
            let worst = zip(ys, xs).map { Self.ulpError($0, $1) }.max()!
            #expect(worst <= Self.ulpTolerance, "n = \(n), level \(level): \(worst) ulp")
        }
    }

    @Test(arguments: levels)
    func edgeCases(level: Softmax.KernelLevel) {
        let xs: [Float] = [0, -0.0, .leastNonzeroMagnitude, -.leastNonzeroMagnitude, .leastNormalMagnitude, -1e-20, 1e-4,
                           .infinity, -.infinity, .nan, 9.1, -9.1, 1e30, -.greatestFiniteMagnitude]
        let ys = Self.tanh(xs, level: level)
        #expect(ys[0] == 0 && ys[0].sign == .plus && ys[1] == 0 && ys[1].sign == .minus)
        #expect(ys[2] == xs[2] && ys[3] == xs[3] && ys[4] == xs[4] && ys[5] == xs[5])  // tanh x = x below 2⁻¹²
        #expect(Self.ulpError(ys[6], xs[6]) <= Self.ulpTolerance)
        #expect(ys[7] == 1 && ys[8] == -1 && ys[9].isNaN)
        #expect(ys[10] == 1 && ys[11] == -1 && ys[12] == 1 && ys[13] == -1)  // tanh rounds to ±1 above 9.01
    }

    @Test(arguments: levels)
    func oddAndPositionIndependent(level: Softmax.KernelLevel) {
        var rng = Xoshiro256(seed: 13)
        let xs = (0..<1025).map { _ in (rng.nextFloat() * 2 - 1) * 6 }
        let ys = Self.tanh(xs, level: level), neg = Self.tanh(xs.map { -$0 }, level: level)
        #expect(zip(ys, neg).allSatisfy { $0.bitPattern == (-$1).bitPattern })
        // The same value gives the same bits in the vector body, in the tail, and alone; in place
        // as out of place.
        for i in [0, 5, 16, 1000, 1024] {
            #expect(Self.tanh([xs[i]], level: level)[0].bitPattern == ys[i].bitPattern)
            #expect(Self.tanh(Array(xs[i...]), level: level)[0].bitPattern == ys[i].bitPattern)
        }
        var inPlace = xs
        inPlace.withUnsafeMutableBufferPointer { Activation.tanh($0.baseAddress!, into: $0.baseAddress!, count: $0.count, level: level) }
        #expect(inPlace.map(\.bitPattern) == ys.map(\.bitPattern))
    }

    @Test func fusedLevelsAgreeBitForBit() {
        // AVX2 and AVX-512 run the same FMA formulas on the same lanes, as for the softmax kernels.
        guard Softmax.KernelLevel.avx2.isSupported && Softmax.KernelLevel.avx512.isSupported else { return }
        let xs = stride(from: -12.0, through: 12.0, by: 0x1p-10).map { Float($0) }
        #expect(Self.tanh(xs, level: .avx2).map(\.bitPattern) == Self.tanh(xs, level: .avx512).map(\.bitPattern))
    }
}
