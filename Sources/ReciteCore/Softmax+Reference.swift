// The Swift SIMD softmax kernels: the reference the C kernels (CKernels, through Softmax.swift) are
// tested against, and the home of the public vector `exp`.
//
// They compute the same formulas as the C kernels with the same 16-lane layout, but Swift compiles
// for the x86-64 baseline (SSE2, no FMA) and `unsafeFlags` are not allowed, so here each SIMD16
// operation is four SSE instructions and every multiply-add rounds twice. The C kernels run the
// same code on AVX-512 or AVX2+FMA when the CPU has them (3-6× faster on the softmax pass).
//
// Stability: every row is shifted by its maximum before exponentiation, so the largest term is
// exp(0) = 1 and the sum lies in [1, V]; logits of ±1e4 neither overflow nor lose the target's
// log-probability. exp is evaluated 16 lanes at a time with a Cephes-style polynomial (relative
// error ≤ 1 ulp measured on [−87, 88]); arguments below −87.34 give ≈ 1.2e-38 instead of a
// subnormal, which changes no sum of ≥ 1.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

public typealias FloatVector = SIMD16<Float>

extension Softmax {
    // MARK: - Vector exp

    /// e^x on 16 lanes: x = n·ln2 + r with |r| ≤ ln2/2 (Cody–Waite split of ln2), e^r by a degree-6
    /// polynomial (Cephes expf; ≤ 1 ulp on the reduced range), 2ⁿ assembled in the exponent bits.
    /// Valid on the whole range: n ∈ [−126, 128] does not fit one exponent field at the top
    /// (n = 128 for x ∈ (88.376, 88.723]), so 2ⁿ is applied as 2^⌊n/2⌋·2^⌈n/2⌉. Inputs are clamped
    /// to [−87.3365, 89]: below, the result is the smallest normal (≈ 1.2e-38) instead of a
    /// subnormal; above ln(FLT_MAX) ≈ 88.7228 it is +∞, as it should be.
    @inline(__always)
    public static func exp(_ x: FloatVector) -> FloatVector {
        let lo = FloatVector(repeating: -87.336_54), hi = FloatVector(repeating: 89)
        let xc = vmax(x, lo).replacing(with: hi, where: x .> hi)  // NaN stays NaN
        let (y, n) = expReduced(xc)
        let n1 = n &>> 1, n2 = n &- n1
        let s1 = unsafeBitCast(SIMD16<UInt32>(truncatingIfNeeded: n1 &+ 127) &<< 23, to: FloatVector.self)
        let s2 = unsafeBitCast(SIMD16<UInt32>(truncatingIfNeeded: n2 &+ 127) &<< 23, to: FloatVector.self)
        return y * s1 * s2
    }

    /// e^x for x ≤ 0 (the softmax case after the max shift): one exponent assembly, since
    /// n ∈ [−126, 0] always fits. Same accuracy as `exp`.
    @inline(__always)
    static func expNonPositive(_ x: FloatVector) -> FloatVector {
        let xc = vmax(x, FloatVector(repeating: -87.336_54))
        let (y, n) = expReduced(xc)
        return y * unsafeBitCast(SIMD16<UInt32>(truncatingIfNeeded: n &+ 127) &<< 23, to: FloatVector.self)
    }

    /// Range reduction and polynomial: returns (e^r, n) with x = n·ln2 + r.
    @inline(__always)
    static func expReduced(_ xc: FloatVector) -> (FloatVector, SIMD16<Int32>) {
        // Round x·log2(e) to the nearest integer by adding 1.5·2²³: the sum's low mantissa bits
        // are then the integer itself (|n| ≤ 128 ≪ 2²²), read off as an Int32 difference. This
        // avoids the generic Float→Int32 vector conversion, which does not vectorise.
        let magic = FloatVector(repeating: 0x1.8p23)
        let t = xc * 1.442_695_04 + magic
        let fx = t - magic
        let n = unsafeBitCast(t, to: SIMD16<Int32>.self) &- SIMD16<Int32>(repeating: Int32(bitPattern: (0x1.8p23 as Float).bitPattern))
        var r = xc - fx * 0.693_359_375
        r = r + fx * 2.121_944_40e-4
        var y: FloatVector = FloatVector(repeating: 1.987_569_150_0e-4)
        y = y * r + 1.398_199_950_7e-3
        y = y * r + 8.333_451_907_3e-3
        y = y * r + 4.166_579_589_4e-2
        y = y * r + 1.666_666_545_9e-1
        y = y * r + 5.000_000_120_1e-1
        y = y * (r * r) + r + 1
        return (y, n)
    }

    /// Scalar e^x through the same polynomial (for tails shorter than a vector).
    @inline(__always)
    public static func exp(_ x: Float) -> Float { exp(FloatVector(repeating: x))[0] }

    // MARK: - Lane-wise helpers

    /// Lane-wise maximum as compare + select, which lowers to a few vector instructions at the
    /// baseline target (`pointwiseMax` keeps IEEE NaN semantics and goes lane by lane).
    @inline(__always)
    static func vmax(_ a: FloatVector, _ b: FloatVector) -> FloatVector { a.replacing(with: b, where: b .> a) }

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
                m = vmax(m, v)
                i += 16
            }
        } else {
            while i + 16 <= n {
                m = vmax(m, raw.loadUnaligned(fromByteOffset: i * 4, as: FloatVector.self))
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
            let e = expNonPositive(raw.loadUnaligned(fromByteOffset: i * 4, as: FloatVector.self) - sh)
            raw.storeBytes(of: e, toByteOffset: i * 4, as: FloatVector.self)
            s += e; i += 16
        }
        var sum = s.sum()
        while i < n { let e = exp(row[i] - shift); row[i] = e; sum += e; i += 1 }
        return sum
    }

    /// `row[0..<n] *= c`, and `columnSum[0..<n] += row` (after scaling) when given: the bias
    /// gradient accumulates while the row is still in cache instead of in a separate pass over g.
    @inline(__always)
    static func scale(_ row: UnsafeMutablePointer<Float>, _ c: Float, _ n: Int, accumulateInto columnSum: UnsafeMutablePointer<Float>? = nil) {
        var i = 0
        let raw = UnsafeMutableRawPointer(row)
        let cv = FloatVector(repeating: c)
        if let columnSum {
            let craw = UnsafeMutableRawPointer(columnSum)
            while i + 16 <= n {
                let v = raw.loadUnaligned(fromByteOffset: i * 4, as: FloatVector.self) * cv
                raw.storeBytes(of: v, toByteOffset: i * 4, as: FloatVector.self)
                craw.storeBytes(of: craw.loadUnaligned(fromByteOffset: i * 4, as: FloatVector.self) + v, toByteOffset: i * 4, as: FloatVector.self)
                i += 16
            }
            while i < n { row[i] *= c; columnSum[i] += row[i]; i += 1 }
        } else {
            while i + 16 <= n {
                let v = raw.loadUnaligned(fromByteOffset: i * 4, as: FloatVector.self) * cv
                raw.storeBytes(of: v, toByteOffset: i * 4, as: FloatVector.self)
                i += 16
            }
            while i < n { row[i] *= c; i += 1 }
        }
    }

    /// One row of the fused cross-entropy: returns −log p(y) in Double; leaves
    /// g = (p − onehot(y))·gradScale in the row and adds it to `columnSum` when given.
    @inline(__always)
    static func crossEntropyRow(_ row: UnsafeMutablePointer<Float>, width n: Int, bias: UnsafePointer<Float>?, target y: Int,
                                gradScale: Float, columnSum: UnsafeMutablePointer<Float>?) -> Double {
        let m = addBiasAndMax(row, bias, n)
        let zy = row[y]
        let s = expShiftSum(row, m, n)
        // (m − z_y) first: it is exact-ish and can be huge; adding log s (in [0, log V]) to m
        // before subtracting z_y would round log s to the ulp of m (1e-3 at m = 1e4).
        let loss = (Double(m) - Double(zy)) + log(Double(s))
        // Subtract the one-hot before the column sum sees the row.
        row[y] -= s
        scale(row, gradScale / s, n, accumulateInto: columnSum)
        return loss
    }

    // MARK: - Whole-matrix reference

    /// `crossEntropyGradient` in Swift SIMD (the reference for the C kernels; same contract).
    static func referenceCrossEntropyGradient(
        logits: UnsafeMutablePointer<Float>, rows: Int, width n: Int, bias: UnsafePointer<Float>?,
        targets: UnsafePointer<Int32>, gradScale: Float, rowLoss: UnsafeMutablePointer<Float>? = nil
    ) -> Double {
        var total = 0.0
        for r in 0..<rows {
            let loss = crossEntropyRow(logits + r * n, width: n, bias: bias, target: Int(targets[r]), gradScale: gradScale, columnSum: nil)
            total += loss
            rowLoss?[r] = Float(loss)
        }
        return total
    }

    /// `logSoftmax` in Swift SIMD (the reference for the C kernels; same contract).
    static func referenceLogSoftmax(
        logits: UnsafeMutablePointer<Float>, rows: Int, width n: Int, bias: UnsafePointer<Float>?
    ) {
        for r in 0..<rows {
            let row = logits + r * n
            let m = addBiasAndMax(row, bias, n)
            // Sum of exponentials without overwriting the row.
            var s = FloatVector(); var i = 0
            let raw = UnsafeRawPointer(row); let mv = FloatVector(repeating: m)
            while i + 16 <= n { s += expNonPositive(raw.loadUnaligned(fromByteOffset: i * 4, as: FloatVector.self) - mv); i += 16 }
            var sum = s.sum()
            while i < n { sum += exp(row[i] - m); i += 1 }
            let lse = m + Float(log(Double(sum)))
            var j = 0
            while j < n { row[j] -= lse; j += 1 }
        }
    }
}
