// Vectorised, numerically stable softmax and cross-entropy.
//
// Stability: every row is shifted by its maximum before exponentiation, so the largest term is
// exp(0) = 1 and the sum lies in [1, V]; logits of ±1e4 neither overflow nor lose the target's
// log-probability. exp is evaluated 16 lanes at a time with a Cephes-style polynomial (relative
// error ≈ 2 ulp on [−87, 0]); arguments below −87.3 flush to 0, which changes no sum of ≥ 1.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

public typealias FloatVector = SIMD16<Float>

public enum Softmax {
    // MARK: - Vector exp

    /// e^x on 16 lanes: x = n·ln2 + r with |r| ≤ ln2/2 (Cody–Waite split of ln2), e^r by a degree-6
    /// polynomial, 2^n assembled in the exponent bits. Inputs are clamped to [−87.34, 88.38].
    @inline(__always)
    public static func exp(_ x: FloatVector) -> FloatVector {
        // Round x·log2(e) to the nearest integer by adding 1.5·2^23: the sum's low mantissa bits then
        // hold n exactly (no float→int conversion, which Swift lowers to a slow generic path).
        let magic = FloatVector(repeating: 12_582_912)
        // Clamp with masked replacement: Swift's pointwiseMin/Max on SIMD16 compile to scalar loops.
        var xc = x
        xc.replace(with: -87.336_54, where: xc .< -87.336_54)
        xc.replace(with: 88.376_26, where: xc .> 88.376_26)
        let t = xc * 1.442_695_04 + magic
        let fx = t - magic
        var r = xc - fx * 0.693_359_375
        r = r + fx * 2.121_944_40e-4
        var y: FloatVector = FloatVector(repeating: 1.987_569_150_0e-4)
        y = y * r + 1.398_199_950_7e-3
        y = y * r + 8.333_451_907_3e-3
        y = y * r + 4.166_579_589_4e-2
        y = y * r + 1.666_666_545_9e-1
        y = y * r + 5.000_000_120_1e-1
        y = y * (r * r) + r + 1
        let n = unsafeBitCast(t, to: SIMD16<UInt32>.self) &- 0x4B40_0000 &+ 127
        return y * unsafeBitCast(n &<< 23, to: FloatVector.self)
    }

    /// Scalar e^x through the same polynomial (for tails shorter than a vector).
    @inline(__always)
    public static func exp(_ x: Float) -> Float { exp(FloatVector(repeating: x))[0] }

    // MARK: - Row kernels

    /// Adds `bias` (if any) to `row[0..<n]` and returns the row maximum.
    @inline(__always)
    static func addBiasAndMax(_ row: UnsafeMutablePointer<Float>, _ bias: UnsafePointer<Float>?, _ n: Int) -> Float {
        var m = FloatVector(repeating: -.infinity)
        var i = 0
        let raw = UnsafeMutableRawPointer(row)
        if let bias {
            let braw = UnsafeRawPointer(bias)
            while i + 16 <= n {
                let v = raw.loadUnaligned(fromByteOffset: i * 4, as: FloatVector.self)
                    + braw.loadUnaligned(fromByteOffset: i * 4, as: FloatVector.self)
                raw.storeBytes(of: v, toByteOffset: i * 4, as: FloatVector.self)
                m.replace(with: v, where: v .> m)
                i += 16
            }
        } else {
            while i + 16 <= n {
                let v = raw.loadUnaligned(fromByteOffset: i * 4, as: FloatVector.self)
                m.replace(with: v, where: v .> m)
                i += 16
            }
        }
        var mx = m.max()
        while i < n {
            if let bias { row[i] += bias[i] }
            mx = Swift.max(mx, row[i]); i += 1
        }
        return mx
    }

    /// Replaces `row[0..<n]` by e^(row − shift) and returns the sum (accumulated in 16 lanes).
    @inline(__always)
    static func expShiftSum(_ row: UnsafeMutablePointer<Float>, _ shift: Float, _ n: Int) -> Float {
        var s = FloatVector()
        var i = 0
        let raw = UnsafeMutableRawPointer(row)
        let sh = FloatVector(repeating: shift)
        while i + 16 <= n {
            let e = exp(raw.loadUnaligned(fromByteOffset: i * 4, as: FloatVector.self) - sh)
            raw.storeBytes(of: e, toByteOffset: i * 4, as: FloatVector.self)
            s += e; i += 16
        }
        var sum = s.sum()
        while i < n { let e = exp(row[i] - shift); row[i] = e; sum += e; i += 1 }
        return sum
    }

    /// `row[0..<n] *= c`.
    @inline(__always)
    static func scale(_ row: UnsafeMutablePointer<Float>, _ c: Float, _ n: Int) {
        var i = 0
        let raw = UnsafeMutableRawPointer(row)
        let cv = FloatVector(repeating: c)
        while i + 16 <= n {
            let v = raw.loadUnaligned(fromByteOffset: i * 4, as: FloatVector.self) * cv
            raw.storeBytes(of: v, toByteOffset: i * 4, as: FloatVector.self)
            i += 16
        }
        while i < n { row[i] *= c; i += 1 }
    }

    // MARK: - Fused cross-entropy

    /// Fused softmax + cross-entropy + gradient over `rows` rows of width `n`, in place.
    ///
    /// On entry `logits` holds `h·W` (`rows × n`, row stride `n`); `bias` (length `n`) is added here.
    /// On exit it holds `g = (softmax − onehot(target)) · gradScale`. Returns the summed loss
    /// `Σ −log p(target)` in Double, and writes per-row losses to `rowLoss` when given.
    /// Three passes per row (bias+max, exp+sum, scale); no allocation.
    @inline(__always)
    public static func crossEntropyGradient(
        logits: UnsafeMutablePointer<Float>, rows: Int, width n: Int, bias: UnsafePointer<Float>?,
        targets: UnsafePointer<Int32>, gradScale: Float, rowLoss: UnsafeMutablePointer<Float>? = nil
    ) -> Double {
        var total = 0.0
        for r in 0..<rows {
            let row = logits + r * n
            let m = addBiasAndMax(row, bias, n)
            let y = Int(targets[r])
            let zy = row[y]
            let s = expShiftSum(row, m, n)
            let loss = Float(log(Double(s))) + m - zy
            total += Double(loss)
            rowLoss?[r] = loss
            scale(row, gradScale / s, n)
            row[y] -= gradScale
        }
        return total
    }

    /// Log-softmax of each row in place (`rows × n`, bias added first). For evaluation.
    public static func logSoftmax(
        logits: UnsafeMutablePointer<Float>, rows: Int, width n: Int, bias: UnsafePointer<Float>?
    ) {
        for r in 0..<rows {
            let row = logits + r * n
            let m = addBiasAndMax(row, bias, n)
            // Sum of exponentials without overwriting the row.
            var s = FloatVector(); var i = 0
            let raw = UnsafeRawPointer(row); let mv = FloatVector(repeating: m)
            while i + 16 <= n { s += exp(raw.loadUnaligned(fromByteOffset: i * 4, as: FloatVector.self) - mv); i += 16 }
            var sum = s.sum()
            while i < n { sum += exp(row[i] - m); i += 1 }
            let lse = m + Float(log(Double(sum)))
            var j = 0
            while j < n { row[j] -= lse; j += 1 }
        }
    }
}
