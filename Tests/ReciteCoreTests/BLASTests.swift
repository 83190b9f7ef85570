// sgemm / gemm against a naive Double triple loop, every transpose combination, odd shapes.
import Testing
@testable import ReciteCore

@Suite struct BLASTests {
    /// Float sgemm error bound per entry: `tolerance · Σ_k |a_ik·b_kj|` (+ the β·C term), with
    /// tolerance a few units of k·ε_float for k ≤ 130.
    static let gemmTolerance = 2e-6
    static let sizes = [1, 7, 33, 130]
    static let transposes: [(BLAS.Transpose, BLAS.Transpose)] = [
        (.none, .none), (.none, .transposed), (.transposed, .none), (.transposed, .transposed)]

    /// Naive `α·op(A)·op(B) + β·C` in Double with an entrywise magnitude bound.
    static func reference(_ ta: BLAS.Transpose, _ a: Matrix, _ tb: BLAS.Transpose, _ b: Matrix,
                          alpha: Double, beta: Double, c: Matrix) -> (value: [Double], magnitude: [Double]) {
        let m = c.rows, n = c.cols, k = ta == .none ? a.cols : a.rows
        var value = [Double](repeating: 0, count: m * n), mag = value
        for i in 0..<m { for j in 0..<n {
            var s = 0.0, sa = 0.0
            for p in 0..<k {
                let x = Double(ta == .none ? a[i, p] : a[p, i]), y = Double(tb == .none ? b[p, j] : b[j, p])
                s += x * y; sa += abs(x * y)
            }
            value[i * n + j] = alpha * s + beta * Double(c[i, j])
            mag[i * n + j] = abs(alpha) * sa + abs(beta * Double(c[i, j])) + 1e-30
        } }
        return (value, mag)
    }

    @Test(arguments: [0, 1, 2, 3])
    func gemmMatchesNaiveLoop(transposeIndex: Int) {
        let (ta, tb) = Self.transposes[transposeIndex]
        var rng = Xoshiro256(seed: UInt64(100 + transposeIndex))
        var worst = 0.0
        for m in Self.sizes { for n in Self.sizes { for k in Self.sizes {
            let a = ta == .none ? Matrix.gaussian(rows: m, cols: k, std: 1, rng: &rng) : Matrix.gaussian(rows: k, cols: m, std: 1, rng: &rng)
            let b = tb == .none ? Matrix.gaussian(rows: k, cols: n, std: 1, rng: &rng) : Matrix.gaussian(rows: n, cols: k, std: 1, rng: &rng)
            var c = Matrix.gaussian(rows: m, cols: n, std: 1, rng: &rng)
            let ref = Self.reference(ta, a, tb, b, alpha: 1.5, beta: 0.5, c: c)
            BLAS.gemm(ta, a, tb, b, alpha: 1.5, beta: 0.5, into: &c)
            for i in 0..<(m * n) { worst = max(worst, abs(Double(c.storage[i]) - ref.value[i]) / ref.magnitude[i]) }
        } } }
        print("gemm \(ta)/\(tb): max error / Σ|ab| = \(worst)")
        #expect(worst < Self.gemmTolerance)
    }

    /// dgemm against the same naive loop in Double, every transpose combination, odd shapes:
    /// its error is Double round-off, far below Float's.
    @Test(arguments: [0, 1, 2, 3])
    func dgemmMatchesNaiveLoop(transposeIndex: Int) {
        let (ta, tb) = Self.transposes[transposeIndex]
        var rng = Xoshiro256(seed: UInt64(200 + transposeIndex))
        var worst = 0.0
        for m in Self.sizes { for n in Self.sizes { for k in Self.sizes {
            let a = (0..<(m * k)).map { _ in rng.nextGaussian() }, b = (0..<(k * n)).map { _ in rng.nextGaussian() }
            var c = (0..<(m * n)).map { _ in rng.nextGaussian() }
            var expected = c
            for i in 0..<m { for j in 0..<n {
                var s = 0.0
                for p in 0..<k {
                    // op(A) is m×k: stored k×m when transposed; op(B) is k×n: stored n×k when transposed.
                    let x = ta == .none ? a[i * k + p] : a[p * m + i], y = tb == .none ? b[p * n + j] : b[j * k + p]
                    s += x * y
                }
                expected[i * n + j] = 1.5 * s + 0.5 * c[i * n + j]
            } }
            BLAS.dgemm(ta, tb, m: m, n: n, k: k, alpha: 1.5, a: a, b: b, beta: 0.5, c: &c)
            for i in 0..<(m * n) { worst = max(worst, abs(c[i] - expected[i]) / (1 + abs(expected[i]))) }
        } } }
        #expect(worst < 1e-12, "dgemm \(ta)/\(tb): max error \(worst)")
    }

    /// The pointer form with padded leading dimensions (sub-matrices of larger buffers).
    @Test(arguments: [0, 1, 2, 3])
    func sgemmWithLeadingDimensions(transposeIndex: Int) {
        let (ta, tb) = Self.transposes[transposeIndex]
        var rng = Xoshiro256(seed: UInt64(200 + transposeIndex))
        let m = 33, n = 7, k = 130, pad = 5
        let a = ta == .none ? Matrix.gaussian(rows: m, cols: k, std: 1, rng: &rng) : Matrix.gaussian(rows: k, cols: m, std: 1, rng: &rng)
        let b = tb == .none ? Matrix.gaussian(rows: k, cols: n, std: 1, rng: &rng) : Matrix.gaussian(rows: n, cols: k, std: 1, rng: &rng)
        // Embed A and B in wider buffers, C too.
        func padded(_ x: Matrix) -> [Float] {
            var out = [Float](repeating: .nan, count: x.rows * (x.cols + pad))
            for i in 0..<x.rows { for j in 0..<x.cols { out[i * (x.cols + pad) + j] = x[i, j] } }
            return out
        }
        let pa = padded(a), pb = padded(b)
        var pc = [Float](repeating: 0, count: m * (n + pad))
        BLAS.sgemm(ta, tb, m: m, n: n, k: k, a: pa, lda: a.cols + pad, b: pb, ldb: b.cols + pad, c: &pc, ldc: n + pad)
        let ref = Self.reference(ta, a, tb, b, alpha: 1, beta: 0, c: Matrix(rows: m, cols: n))
        var worst = 0.0
        for i in 0..<m { for j in 0..<n { worst = max(worst, abs(Double(pc[i * (n + pad) + j]) - ref.value[i * n + j]) / ref.magnitude[i * n + j]) } }
        for i in 0..<m { for j in n..<(n + pad) { #expect(pc[i * (n + pad) + j] == 0, "padding written") } }
        print("sgemm lda/ldb/ldc \(ta)/\(tb): max error = \(worst)")
        #expect(worst < Self.gemmTolerance)
    }

    /// β = 0 ignores C's old contents, NaN included (the wrapper clears C itself and passes β = 1),
    /// and leaves the padding between rows alone.
    @Test(arguments: [0, 1, 2, 3])
    func zeroBetaIgnoresOldContentsAndPadding(transposeIndex: Int) {
        let (ta, tb) = Self.transposes[transposeIndex]
        var rng = Xoshiro256(seed: UInt64(300 + transposeIndex))
        for (m, n, k) in [(1, 1, 1), (7, 33, 1), (33, 7, 17), (5, 130, 2)] {
            let a = ta == .none ? Matrix.gaussian(rows: m, cols: k, std: 1, rng: &rng) : Matrix.gaussian(rows: k, cols: m, std: 1, rng: &rng)
            let b = tb == .none ? Matrix.gaussian(rows: k, cols: n, std: 1, rng: &rng) : Matrix.gaussian(rows: n, cols: k, std: 1, rng: &rng)
            let ldc = n + 3
            var c = [Float](repeating: .nan, count: m * ldc)
            a.storage.withUnsafeBufferPointer { pa in
                b.storage.withUnsafeBufferPointer { pb in
                    c.withUnsafeMutableBufferPointer { pc in
                        BLAS.sgemm(ta, tb, m: m, n: n, k: k, alpha: 1.5, a: pa.baseAddress!, lda: max(a.cols, 1),
                                   b: pb.baseAddress!, ldb: max(b.cols, 1), beta: 0, c: pc.baseAddress!, ldc: ldc)
                    }
                }
            }
            let ref = Self.reference(ta, a, tb, b, alpha: 1.5, beta: 0, c: Matrix(rows: m, cols: n))
            for i in 0..<m {
                for j in 0..<n {
                    let got = Double(c[i * ldc + j]), want = ref.value[i * n + j]
                    #expect(abs(got - want) <= Self.gemmTolerance * ref.magnitude[i * n + j], "\(m)×\(n)×\(k) [\(i), \(j)]: \(got) vs \(want)")
                }
                for j in n..<ldc { #expect(c[i * ldc + j].isNaN, "padding of row \(i) written") }
            }
        }
    }

    @Test func emptyInnerDimensionScalesC() {
        let a = Matrix(rows: 3, cols: 0), b = Matrix(rows: 0, cols: 2)
        var c = Matrix(rows: 3, cols: 2, value: 4)
        BLAS.gemm(a, b, beta: 0.5, into: &c)
        #expect(c.storage.allSatisfy { $0 == 2 })
    }

    @Test func levelOne() {
        var x: [Float] = [1, 2, 3], y: [Float] = [10, 20, 30]
        BLAS.saxpy(n: 3, alpha: 2, x: x, y: &y)
        #expect(y == [12, 24, 36])
        BLAS.sscal(n: 3, alpha: -1, x: &x)
        #expect(x == [-1, -2, -3])
    }

    /// sdot against a Double reference on lengths that are not multiples of any vector width.
    @Test(arguments: [1, 3, 7, 17, 63, 1025, 4099])
    func dotMatchesReference(n: Int) {
        var rng = Xoshiro256(seed: UInt64(n))
        let x = (0..<n).map { _ in Float(rng.nextDouble() * 2 - 1) }, y = (0..<n).map { _ in Float(rng.nextDouble() * 2 - 1) }
        var ref = 0.0, magnitude = 0.0
        for i in 0..<n { ref += Double(x[i]) * Double(y[i]); magnitude += abs(Double(x[i]) * Double(y[i])) }
        let got = BLAS.sdot(n: n, x: x, y: y)
        #expect(abs(Double(got) - ref) <= 1e-6 * magnitude + 1e-7, "n = \(n): \(got) against \(ref)")
    }
}
