// The standard training-step workload W(V, d, B) and the machine's sgemm peak, for `recite bench`.
//
// W(V, d, B) is one plain-SGD step (lr 0.5) of a context-1 log-bilinear model with bias, float32:
//   h = E[x] (B×d);  logits = h·W + b (B×V);  g = (softmax − onehot(y))/B;
//   dW = hᵀg;  db = Σ_rows g;  dh = g·Wᵀ scattered into the rows of E.
// That is exactly `Trainer` with `ModelSpec(width: d, context: 1, combine: .sum, bias: true)`.
// FLOPs per step are counted as 6·B·d·V (the three products); the softmax, bias and gather work is
// overhead that the percentage of sgemm peak makes visible.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

public enum Benchmark {
    /// Seconds on a monotonic clock.
    public static func now() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
    }

    /// Seconds of CPU time used by this process (all threads): on a shared machine a one-thread
    /// measurement in CPU time is not inflated by the time the scheduler gave to others.
    public static func cpuNow() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
    }

    /// Whether `clock()` (and so `recite profile`'s stage times, rates and roofline) reads CPU
    /// seconds instead of wall seconds. Set once, before timing starts (`recite profile --cpu-time`).
    nonisolated(unsafe) public static var profileInCPUTime = false

    /// The profile's clock: `cpuNow()` when `profileInCPUTime`, else `now()`. A CPU-time read is a
    /// system call (about a microsecond), so very short stages read slightly long.
    @inline(__always)
    public static func clock() -> Double { profileInCPUTime ? cpuNow() : now() }

    /// One measured cell of the benchmark table.
    public struct Result: Sendable {
        public var vocabulary: Int, width: Int, batch: Int, threads: Int
        public var steps: Int, seconds: Double
        /// CPU seconds of the same steps (all threads of the process).
        public var cpuSeconds: Double = 0
        /// Mean loss of the last timed step (a sanity check that training happened).
        public var finalLoss: Double
        public var tokensPerSecond: Double { Double(steps * batch) / seconds }
        /// Counted FLOPs (6·B·d·V per step) per second, in units of 10⁹.
        public var gflops: Double { 6 * Double(batch * width) * Double(vocabulary) * Double(steps) / seconds / 1e9 }
    }

    /// A pool of `count` batches: tokens x ~ Zipf(1.1) over V; y = (7x + 3) mod V for 90% of the
    /// examples and uniform otherwise. Generated once, outside any timed loop.
    public static func batchPool(vocabulary v: Int, batch b: Int, count: Int, seed: UInt64) -> [(contexts: [Int32], targets: [Int32])] {
        var rng = Xoshiro256(seed: seed, stream: 1)
        let zipf = AliasTable(weights: AliasTable.zipfWeights(count: v, exponent: 1.1))
        return (0..<count).map { _ in
            var x = [Int32](repeating: 0, count: b), y = x
            for i in 0..<b {
                let t = zipf.sample(&rng)
                x[i] = Int32(t)
                y[i] = Int32(rng.nextDouble() < 0.9 ? (7 * t + 3) % v : rng.nextInt(v))
            }
            return (x, y)
        }
    }

    /// Times the standard workload on `threads` threads: `warmup` untimed steps, then steps until
    /// at least `minSeconds` have passed (and at least `minSteps`).
    public static func trainingStep(vocabulary v: Int, width d: Int, batch b: Int, threads: Int = 1, fuseSGD: Bool = true,
                                    narrowStep: Bool = true, path: NarrowStep.Path? = nil, warmup: Int = 3,
                                    minSteps: Int = 5, minSeconds: Double = 1.5, seed: UInt64 = 1) -> Result {
        var rng = Xoshiro256(seed: seed)
        let model = LogBilinearModel(spec: ModelSpec(width: d, context: 1, combine: .sum, bias: true, outputInitScale: 1),
                                     vocabulary: v, rng: &rng)
        var opt = OptimizerSpec(); opt.kind = .sgd; opt.learningRate = 0.5
        let trainer = Trainer(model: model, optimizer: opt, batchSize: b, totalSteps: Int.max / 2, threads: threads, fuseSGD: fuseSGD,
                              narrowStep: narrowStep, path: path)
        let pool = batchPool(vocabulary: v, batch: b, count: 16, seed: seed)
        // Flatten the pool so the timed loop touches only raw pointers.
        let contexts = pool.flatMap(\.contexts), targets = pool.flatMap(\.targets)
        var loss = 0.0, steps = 0, elapsed = 0.0, cpu = 0.0
        contexts.withUnsafeBufferPointer { cp in
            targets.withUnsafeBufferPointer { tp in
                for s in 0..<warmup { loss = trainer.step(contexts: cp.baseAddress! + (s % 16) * b, targets: tp.baseAddress! + (s % 16) * b, count: b) }
                let start = now(), cpuStart = cpuNow()
                repeat {
                    let s = steps % 16
                    loss = trainer.step(contexts: cp.baseAddress! + s * b, targets: tp.baseAddress! + s * b, count: b)
                    steps += 1
                    elapsed = now() - start
                } while elapsed < minSeconds || steps < minSteps
                cpu = cpuNow() - cpuStart
            }
        }
        return Result(vocabulary: v, width: d, batch: b, threads: threads, steps: steps, seconds: elapsed, cpuSeconds: cpu, finalLoss: loss)
    }

    /// Best-of-`repeats` GFLOP/s of a square `n×n×n` sgemm (2n³ FLOPs) on `threads` OpenBLAS
    /// threads (set for the measurement only; OpenBLAS is single-threaded again on return).
    /// With `cpuTime`, each call is timed in process CPU time (meaningful on one thread only).
    public static func sgemmPeak(size n: Int = 2048, repeats: Int = 5, threads: Int = 1, cpuTime: Bool = false) -> Double {
        BLAS.useOneThread()
        BLAS.setThreads(threads)
        defer { BLAS.setThreads(1) }
        let a = FloatBuffer(count: n * n, value: 0.5), b = FloatBuffer(count: n * n, value: 0.25), c = FloatBuffer(count: n * n)
        var rng = Xoshiro256(seed: 3)
        for i in 0..<(n * n) { a[i] = rng.nextFloat() - 0.5; b[i] = rng.nextFloat() - 0.5 }
        BLAS.sgemm(.none, .none, m: n, n: n, k: n, a: a.base, b: b.base, c: c.base)  // warm-up
        var best = Double.infinity
        for _ in 0..<repeats {
            let t0 = cpuTime ? cpuNow() : now()
            BLAS.sgemm(.none, .none, m: n, n: n, k: n, a: a.base, b: b.base, c: c.base)
            best = min(best, (cpuTime ? cpuNow() : now()) - t0)
        }
        return 2 * Double(n) * Double(n) * Double(n) / best / 1e9
    }
}
