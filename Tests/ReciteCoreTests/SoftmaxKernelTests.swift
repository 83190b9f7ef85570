// The C softmax kernels (CKernels, through Softmax.swift) at every dispatch level this CPU supports:
// exp accuracy, fused cross-entropy and log-softmax rows against a Double reference, agreement
// between levels and with the Swift SIMD reference, stability, and the dispatch choice.
import Testing
@testable import ReciteCore
#if canImport(Glibc)
import Glibc
#endif

@Suite struct SoftmaxKernelTests {
    /// exp: 2 ulp of relative error (2·2⁻²³) on [−87, 88].
    static let expTolerance = 2 * Double(Float.ulpOfOne)
    /// Loss (relative, floor 1) and gradient (absolute) against Double, as in SoftmaxTests.
    static let lossTolerance = 2e-6
    static let gradientTolerance = 1e-6
    /// Log-probabilities against Double (relative, floor 1).
    static let logProbabilityTolerance = 2e-6
    /// Two levels (or a level and the Swift reference) against each other.
    static let crossLevelTolerance = 1e-6

    static let levels = Softmax.KernelLevel.allCases.filter(\.isSupported)
    static let widths = [1, 7, 33, 130, 1024]

    // MARK: - Dispatch

    @Test func dispatchPicksTheHighestSupportedLevel() {
        let chosen = Softmax.kernelLevel
        print("Softmax kernels: \(chosen) (supported: \(Self.levels.map(\.description).joined(separator: ", ")))")
        #expect(chosen.isSupported && Softmax.KernelLevel.generic.isSupported)
        #expect(Softmax.KernelLevel.allCases.filter { $0.rawValue > chosen.rawValue }.allSatisfy { !$0.isSupported })
    }

    // MARK: - exp

    @Test(arguments: levels)
    func expRelativeError(level: Softmax.KernelLevel) {
        var rng = Xoshiro256(seed: 11)
        var xs = (0..<(1 << 20)).map { _ in -87 + rng.nextFloat() * 175 }
        xs += stride(from: Float(-87), through: 88, by: 0.001).map { $0 }
        xs += [-87, 0, -0, 88, 1e-8, -1e-8, 0.34657359, -0.34657359, 88.376, 88.72]  // odd count: a tail
        var out = [Float](repeating: 0, count: xs.count)
        Softmax.exp(xs, into: &out, count: xs.count, level: level)
        var worst = 0.0, worstAt: Float = 0
        for i in xs.indices {
            let err = relativeError(Double(out[i]), Glibc.exp(Double(xs[i])), floor: 0)
            if err > worst { worst = err; worstAt = xs[i] }
        }
        print("ck exp [\(level)]: max relative error \(worst) (\(worst / Double(Float.ulpOfOne)) × 2⁻²³) at x = \(worstAt)")
        #expect(worst < Self.expTolerance)
        var edges: [Float] = [-200, 200, -87.3, 0, .nan]
        var e = [Float](repeating: 0, count: edges.count)
        Softmax.exp(&edges, into: &e, count: edges.count, level: level)
        #expect(e[0] < 1.2e-38 && e[1] == .infinity && e[2] > 0 && e[3] == 1 && e[4].isNaN)
    }

    /// The roofline's exp pass (Σ e^x over x ≤ 0, the softmax's own shifted-exp sum) against a
    /// Double sum, on odd lengths (tails) at every level.
    @Test(arguments: levels, [1, 15, 17, 1000, 1025, 4096])
    func expSumMatchesADoubleSum(level: Softmax.KernelLevel, n: Int) {
        var rng = Xoshiro256(seed: UInt64(n))
        let xs = (0..<n).map { _ in -20 * rng.nextFloat() }
        let sum = xs.withUnsafeBufferPointer { Softmax.expSum($0.baseAddress!, count: n, level: level) }
        let exact = xs.reduce(0.0) { $0 + Glibc.exp(Double($1)) }
        #expect(relativeError(Double(sum), exact, floor: 0) < 1e-5, "n = \(n): \(sum) against \(exact)")
    }

    // MARK: - Rows against Double

    /// One batch of random rows: logits (scale 8), bias (scale 2), targets.
    struct Case {
        var n: Int, rows: Int, logits: [Float], bias: [Float], targets: [Int32]
        init(width n: Int, rows: Int = 6) {
            var rng = Xoshiro256(seed: UInt64(1000 + n))
            self.n = n; self.rows = rows
            logits = uniformFloats(rows * n, scale: 8, rng: &rng)
            bias = uniformFloats(n, scale: 2, rng: &rng)
            targets = (0..<rows).map { _ in Int32(rng.nextInt(n)) }
        }

        /// The C kernel at `level`: (g, per-row loss, total, column sums).
        func crossEntropy(level: Softmax.KernelLevel?, withBias: Bool) -> (g: [Float], rowLoss: [Float], total: Double, sums: [Float]) {
            var g = logits, rowLoss = [Float](repeating: 0, count: rows), sums = [Float](repeating: 0, count: n)
            let total = bias.withUnsafeBufferPointer { bp in
                Softmax.crossEntropyRows(logits: &g, rows: rows, width: n, bias: withBias ? bp.baseAddress : nil, targets: targets,
                                         gradScale: 1 / Float(rows), rowLoss: &rowLoss, columnSum: &sums, level: level)
            }
            return (g, rowLoss, total, sums)
        }

        func logSoftmax(level: Softmax.KernelLevel?, withBias: Bool) -> [Float] {
            var z = logits
            bias.withUnsafeBufferPointer { Softmax.logSoftmax(logits: &z, rows: rows, width: n, bias: withBias ? $0.baseAddress : nil, level: level) }
            return z
        }

        /// Double reference of row r: logits + bias.
        func row(_ r: Int, withBias: Bool) -> [Double] {
            (0..<n).map { Double(logits[r * n + $0]) + (withBias ? Double(bias[$0]) : 0) }
        }
    }

    @Test(arguments: levels, widths)
    func crossEntropyRowsMatchDouble(level: Softmax.KernelLevel, width n: Int) {
        let c = Case(width: n)
        for withBias in [false, true] {
            let out = c.crossEntropy(level: level, withBias: withBias)
            var worstLoss = 0.0, worstGrad = 0.0, worstSum = 0.0, refTotal = 0.0
            var refSums = [Double](repeating: 0, count: n)
            for r in 0..<c.rows {
                let z = c.row(r, withBias: withBias), y = Int(c.targets[r])
                let m = z.max()!, s = z.reduce(0) { $0 + exp($1 - m) }
                let loss = m + log(s) - z[y]
                refTotal += loss
                worstLoss = max(worstLoss, relativeError(Double(out.rowLoss[r]), loss, floor: 1))
                for i in 0..<n {
                    let g = (exp(z[i] - m) / s - (i == y ? 1 : 0)) / Double(c.rows)
                    refSums[i] += g
                    worstGrad = max(worstGrad, abs(Double(out.g[r * n + i]) - g))
                }
            }
            for i in 0..<n { worstSum = max(worstSum, abs(Double(out.sums[i]) - refSums[i])) }
            worstLoss = max(worstLoss, relativeError(out.total, refTotal, floor: 1))
            print("ck crossEntropy [\(level)] n=\(n) bias=\(withBias): loss error \(worstLoss), max |Δg| \(worstGrad), max |ΔΣg| \(worstSum)")
            #expect(worstLoss < Self.lossTolerance && worstGrad < Self.gradientTolerance && worstSum < Self.gradientTolerance)
        }
    }

    @Test(arguments: levels, widths)
    func logSoftmaxRowsMatchDouble(level: Softmax.KernelLevel, width n: Int) {
        let c = Case(width: n)
        for withBias in [false, true] {
            let out = c.logSoftmax(level: level, withBias: withBias)
            var worst = 0.0
            for r in 0..<c.rows {
                let z = c.row(r, withBias: withBias)
                let m = z.max()!, lse = m + log(z.reduce(0) { $0 + exp($1 - m) })
                for i in 0..<n { worst = max(worst, relativeError(Double(out[r * n + i]), z[i] - lse, floor: 1)) }
            }
            print("ck logSoftmax [\(level)] n=\(n) bias=\(withBias): max error \(worst)")
            #expect(worst < Self.logProbabilityTolerance)
        }
    }

    // MARK: - Levels against each other and the Swift reference

    static func maxDifference(_ a: [Float], _ b: [Float]) -> Double {
        zip(a, b).reduce(0.0) { max($0, relativeError(Double($1.0), Double($1.1), floor: 1)) }
    }

    @Test(arguments: widths)
    func levelsAgree(width n: Int) {
        let c = Case(width: n)
        for withBias in [false, true] {
            let best = c.crossEntropy(level: nil, withBias: withBias), bestLog = c.logSoftmax(level: nil, withBias: withBias)
            // The Swift SIMD reference (no column sums there).
            var swiftG = c.logits, swiftLoss = [Float](repeating: 0, count: c.rows), swiftLog = c.logits
            let swiftTotal = c.bias.withUnsafeBufferPointer { bp in
                Softmax.referenceCrossEntropyGradient(logits: &swiftG, rows: c.rows, width: n, bias: withBias ? bp.baseAddress : nil,
                                                      targets: c.targets, gradScale: 1 / Float(c.rows), rowLoss: &swiftLoss)
            }
            c.bias.withUnsafeBufferPointer { Softmax.referenceLogSoftmax(logits: &swiftLog, rows: c.rows, width: n, bias: withBias ? $0.baseAddress : nil) }
            #expect(Self.maxDifference(best.g, swiftG) < Self.crossLevelTolerance)
            #expect(Self.maxDifference(best.rowLoss, swiftLoss) < Self.crossLevelTolerance)
            #expect(relativeError(best.total, swiftTotal, floor: 1) < Self.crossLevelTolerance)
            #expect(Self.maxDifference(bestLog, swiftLog) < Self.crossLevelTolerance)
            for level in Self.levels {
                let o = c.crossEntropy(level: level, withBias: withBias), l = c.logSoftmax(level: level, withBias: withBias)
                let dg = Self.maxDifference(o.g, best.g), ds = Self.maxDifference(o.sums, best.sums)
                let dl = Self.maxDifference(l, bestLog), dt = relativeError(o.total, best.total, floor: 1)
                print("ck [\(level)] vs [\(Softmax.kernelLevel)] n=\(n) bias=\(withBias): Δg \(dg), ΔΣg \(ds), Δloss \(dt), Δlogp \(dl)")
                #expect(max(dg, ds, dl, dt) < Self.crossLevelTolerance)
                // AVX2 and AVX-512 run the same FMA formulas on the same lanes: the same bits.
                if level != .generic && Softmax.kernelLevel != .generic {
                    #expect(o.g == best.g && o.sums == best.sums && o.total == best.total && l == bestLog)
                }
            }
        }
    }

    // MARK: - Stability

    /// Logits of ±1e4 at every level: finite, exact loss, gradient rows summing to zero.
    @Test(arguments: levels)
    func stableAtExtremeLogits(level: Softmax.KernelLevel) {
        let n = 37
        var base = [Float](repeating: 0, count: n)
        base[3] = 1e4; base[20] = -1e4; base[36] = 1e4
        let targets: [Int32] = [3, 20, 5]
        var logits = base + base + base, rowLoss = [Float](repeating: 0, count: 3)
        let total = Softmax.crossEntropyRows(logits: &logits, rows: 3, width: n, bias: nil, targets: targets, gradScale: 1,
                                             rowLoss: &rowLoss, columnSum: nil, level: level)
        let expected: [Double] = [log(2), 2e4 + log(2), 1e4 + log(2)]
        for r in 0..<3 {
            #expect(relativeError(Double(rowLoss[r]), expected[r], floor: 1) < Self.lossTolerance, "row \(r): \(rowLoss[r]) vs \(expected[r])")
            let row = logits[(r * n)..<((r + 1) * n)]
            #expect(row.allSatisfy { $0.isFinite })
            #expect(abs(row.reduce(0.0) { $0 + Double($1) }) < 1e-6)
        }
        #expect(relativeError(total, expected.reduce(0, +), floor: 1) < Self.lossTolerance)
        var z = base
        Softmax.logSoftmax(logits: &z, rows: 1, width: n, bias: nil, level: level)
        // z − lse in Float: lse ≈ 1e4 carries an ulp of 1e-3, so that is the resolution here.
        #expect(abs(Double(z[3]) + log(2)) < 1e-3 && abs(Double(z[20]) + 2e4 + log(2)) < 2e-3 && z.allSatisfy { $0.isFinite })
    }

    /// A NaN logit makes the loss NaN (so divergence is detected), at every level.
    @Test(arguments: levels)
    func nanPropagates(level: Softmax.KernelLevel) {
        for n in [7, 33] {
            var z = [Float](repeating: 0.5, count: n)
            z[n - 2] = .nan
            let total = Softmax.crossEntropyRows(logits: &z, rows: 1, width: n, bias: nil, targets: [0], gradScale: 1,
                                                 rowLoss: nil, columnSum: nil, level: level)
            #expect(total.isNaN)
        }
    }
}
