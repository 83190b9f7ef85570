// A per-shape roofline for the training step (`recite profile`): the step can go no faster than
// its three products at the sgemm rate measured for their shapes, nor than its softmax at the
// machine's measured exp and memory rates.

extension Benchmark {
    /// The rates a roofline is built from, measured in the same process as the runs it judges.
    public struct Rates: Sendable {
        /// Square-sgemm GFLOP/s on one thread (the "% of peak" denominator).
        public var sgemmPeak: Double
        /// e^x per second through the softmax's own exp pass (the shifted-exp sum over a row of
        /// x ≤ 0, one thread, L1-resident). Until 2026-12-04 this timed the full-range `exp`, whose
        /// overflow guard the softmax never runs: 1.71 G/s against 2.4 on a Zen 3, so the rooflines of
        /// exp-bound shapes were 1.4× too slow and their % of roofline that much too high.
        public var expPerSecond: Double
        /// Bytes per second read plus written by an in-place scale of a 1 MiB buffer (one thread).
        public var bytesPerSecond: Double
    }

    /// Measures the rates: the sgemm peak at `peakSize`³, the exp and copy rates on `width` × `rows`
    /// floats, each the best of `repeats`.
    public static func rates(peakSize: Int = 2048, repeats: Int = 5) -> Rates {
        let peak = sgemmPeak(size: peakSize, repeats: repeats, cpuTime: profileInCPUTime)
        let n = 4096, x = FloatBuffer(count: n)
        var rng = Xoshiro256(seed: 5)
        for i in 0..<n { x[i] = -10 * rng.nextFloat() }
        let level = Softmax.kernelLevel
        var bestExp = Double.infinity, sink: Float = 0
        for _ in 0..<repeats {
            let t0 = clock()
            for _ in 0..<64 { sink += Softmax.expSum(x.base, count: n, level: level) }
            bestExp = min(bestExp, (clock() - t0) / Double(64 * n))
        }
        withExtendedLifetime(sink) {}  // the sums are used, so the calls stay
        let m = 256 * 1024, a = FloatBuffer(count: m, value: 1)
        var bestPass = Double.infinity
        for _ in 0..<repeats {
            let t0 = clock()
            for _ in 0..<16 { BLAS.sscal(n: m, alpha: 0.999, x: a.base) }
            bestPass = min(bestPass, (clock() - t0) / Double(16 * m * 8))
        }
        return Rates(sgemmPeak: peak, expPerSecond: 1 / bestExp, bytesPerSecond: 1 / bestPass)
    }

    /// The roofline of one step of shape (V, H, B): seconds of the three products at their own
    /// measured rate, seconds of the softmax (one exp per logit at the exp rate, plus the logits
    /// read and g written once: one in-place pass over B×V floats, timed at that size), and the
    /// larger of the two.
    public struct Roofline: Sendable {
        public var gemmSeconds: Double, softmaxSeconds: Double
        public var stepSeconds: Double { max(gemmSeconds, softmaxSeconds) }
    }

    /// Times the step's three sgemm shapes (B×H·H×V, B×V·V×H, H×B·B×V) on one thread, best of
    /// `repeats` rounds of enough calls for about 20 ms, and combines them with `rates`. Where the
    /// shape's step calls no sgemm (`NarrowStep.path` is the row or the column-blocked kernel), the
    /// products count at the sgemm peak instead: timing sgemm at shapes it is slow at would put the
    /// roofline below what the step reaches.
    public static func roofline(vocabulary v: Int, hidden h: Int, batch b: Int, rates: Rates, repeats: Int = 5) -> Roofline {
        BLAS.useOneThread()
        let hid = FloatBuffer(count: b * h, value: 0.01), w = FloatBuffer(count: h * v, value: 0.01)
        let g = FloatBuffer(count: b * v, value: 0.001), dh = FloatBuffer(count: b * h)
        let flops = 6 * Double(b * h) * Double(v)
        let calls = max(1, Int(0.02 * rates.sgemmPeak * 1e9 / flops))
        let noSgemm = NarrowStep.path(width: h, classes: v) != .sgemm
        var best = noSgemm ? flops / (rates.sgemmPeak * 1e9) : Double.infinity
        for _ in 0..<(noSgemm ? 0 : repeats) {
            let t0 = clock()
            for _ in 0..<calls {
                BLAS.sgemm(.none, .none, m: b, n: v, k: h, a: hid.base, b: w.base, c: g.base)
                BLAS.sgemm(.none, .transposed, m: b, n: h, k: v, a: g.base, b: w.base, c: dh.base)
                BLAS.sgemm(.transposed, .none, m: h, n: v, k: b, alpha: -1e-9, a: hid.base, b: g.base, beta: 1, c: w.base)
            }
            best = min(best, (clock() - t0) / Double(calls))
        }
        var bestPass = Double.infinity
        for _ in 0..<repeats {
            let t0 = clock()
            for _ in 0..<8 { BLAS.sscal(n: b * v, alpha: 0.999, x: g.base) }
            bestPass = min(bestPass, (clock() - t0) / 8)
        }
        return Roofline(gemmSeconds: best, softmaxSeconds: Double(b * v) / rates.expPerSecond + bestPass)
    }
}
