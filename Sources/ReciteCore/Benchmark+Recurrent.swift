// Throughput of the recurrent-depth step at a fixed recurrence count r (`recite profile` on an
// experiment with `model.recurrent`). The FLOPs are the model's exact counts
// (`ModelSpec.recurrentTrainingFlopsPerToken` / `recurrentInferenceFlopsPerToken`), which grow
// linearly in r; the ceiling of the step is the block's own product, (B×D)·(D×D), timed at its shape.

extension Benchmark {
    /// One timed cell: a training step or an evaluation forward pass at `recurrences`.
    public struct RecurrentResult: Sendable {
        public var recurrences: Int
        public var batch: Int
        public var steps: Int
        public var seconds: Double
        /// CPU seconds of the same steps (all threads of the process).
        public var cpuSeconds: Double
        /// Exact FLOPs per token at `recurrences` (training or inference count).
        public var flopsPerToken: Double
        public var tokensPerSecond: Double { Double(steps * batch) / seconds }
        /// Counted FLOPs per second, in units of 10⁹.
        public var gflops: Double { flopsPerToken * tokensPerSecond / 1e9 }
    }

    /// Random contexts over `inputVocabulary` and targets over `outputClasses`, `count` batches of `b`.
    static func recurrentPool(context k: Int, inputVocabulary vin: Int, outputClasses vout: Int, batch b: Int, count: Int,
                              seed: UInt64) -> (contexts: [Int32], targets: [Int32]) {
        var rng = Xoshiro256(seed: seed, stream: 9)
        let x = (0..<(count * b * k)).map { _ in Int32(rng.nextInt(vin)) }
        let y = (0..<(count * b)).map { _ in Int32(rng.nextInt(vout)) }
        return (x, y)
    }

    /// Times training steps of a recurrent-depth model of `spec` (which must have `recurrent`) at a
    /// fixed `recurrences`, through `RecurrentTrainer` with `optimizer`: `warmup` untimed steps, then
    /// steps until `minSeconds` (wall, or CPU with `cpuTime`) and `minSteps` are reached. One thread.
    public static func recurrentTrainingStep(spec: ModelSpec, inputVocabulary vin: Int, outputClasses vout: Int, batch b: Int,
                                             recurrences r: Int, optimizer: OptimizerSpec, warmup: Int = 2, minSteps: Int = 5,
                                             minSeconds: Double = 1, cpuTime: Bool = false, seed: UInt64 = 1) -> RecurrentResult {
        BLAS.useOneThread()
        var rng = Xoshiro256(seed: seed)
        let model = RecurrentDepthModel(spec: spec, inputVocabulary: vin, outputClasses: vout, rng: &rng)
        let trainer = RecurrentTrainer(model: model, optimizer: optimizer, batchSize: b, totalSteps: Int.max / 2, seed: seed)
        let k = spec.context, pool = recurrentPool(context: k, inputVocabulary: vin, outputClasses: vout, batch: b, count: 8, seed: seed)
        let timed = timeLoop(warmup: warmup, minSteps: minSteps, minSeconds: minSeconds, cpuTime: cpuTime) { s in
            pool.contexts.withUnsafeBufferPointer { cp in
                pool.targets.withUnsafeBufferPointer { tp in
                    _ = trainer.step(contexts: cp.baseAddress! + (s % 8) * b * k, targets: tp.baseAddress! + (s % 8) * b, count: b,
                                     recurrences: r)
                }
            }
        }
        return RecurrentResult(recurrences: r, batch: b, steps: timed.steps, seconds: timed.seconds, cpuSeconds: timed.cpu,
                               flopsPerToken: spec.recurrentTrainingFlopsPerToken(spec.recurrent!, recurrences: r, outputClasses: vout))
    }

    /// Times the evaluation forward pass (prelude, r applications, coda, log-softmax) at `recurrences`.
    public static func recurrentInference(spec: ModelSpec, inputVocabulary vin: Int, outputClasses vout: Int, batch b: Int,
                                          recurrences r: Int, warmup: Int = 2, minSteps: Int = 5, minSeconds: Double = 1,
                                          cpuTime: Bool = false, seed: UInt64 = 1) -> RecurrentResult {
        BLAS.useOneThread()
        var rng = Xoshiro256(seed: seed)
        let model = RecurrentDepthModel(spec: spec, inputVocabulary: vin, outputClasses: vout, rng: &rng)
        let ws = RecurrentWorkspace(model: model, capacity: b)
        let k = spec.context, pool = recurrentPool(context: k, inputVocabulary: vin, outputClasses: vout, batch: b, count: 8, seed: seed)
        var stateRNG = Xoshiro256(seed: seed, stream: 2)
        let timed = timeLoop(warmup: warmup, minSteps: minSteps, minSeconds: minSeconds, cpuTime: cpuTime) { s in
            pool.contexts.withUnsafeBufferPointer { cp in
                _ = model.logProbabilities(contexts: cp.baseAddress! + (s % 8) * b * k, count: b, recurrences: r, rng: &stateRNG, workspace: ws)
            }
        }
        return RecurrentResult(recurrences: r, batch: b, steps: timed.steps, seconds: timed.seconds, cpuSeconds: timed.cpu,
                               flopsPerToken: spec.recurrentInferenceFlopsPerToken(spec.recurrent!, recurrences: r, outputClasses: vout))
    }

    /// GFLOP/s of the block's product alone, `(B×D)·(D×D)` on one thread, best of `repeats` rounds
    /// of about 20 ms: the rate the step would reach if nothing but this product took time.
    public static func blockProductRate(batch b: Int, state dd: Int, repeats: Int = 5, cpuTime: Bool = false) -> Double {
        2 * Double(b) * Double(dd) * Double(dd) / blockApplicationParts(batch: b, state: dd, repeats: repeats, cpuTime: cpuTime).product / 1e9
    }

    /// Seconds per application of the block `s ← tanh(s·A + u)` at (B, D), by part, each timed on
    /// its own (best of `repeats` rounds of about 20 ms): the product, the injection add, and φ = tanh.
    /// The residual mix `s + α·(a − s)` of a block with α < 1 (one pass over the state) is not a
    /// part here; the whole-step timings above include it.
    public static func blockApplicationParts(batch b: Int, state dd: Int, repeats: Int = 5,
                                             cpuTime: Bool = false) -> (product: Double, add: Double, activation: Double) {
        BLAS.useOneThread()
        var rng = Xoshiro256(seed: 4)
        let s = FloatBuffer(count: b * dd), a = FloatBuffer(count: dd * dd), u = FloatBuffer(count: b * dd), out = FloatBuffer(count: b * dd)
        for i in 0..<s.count { s[i] = rng.nextFloat() - 0.5; u[i] = rng.nextFloat() - 0.5 }
        for i in 0..<a.count { a[i] = (rng.nextFloat() - 0.5) / Float(dd) }
        let n = b * dd
        func best(_ body: () -> Void) -> Double {
            body()
            var fastest = Double.infinity
            for _ in 0..<repeats {
                // As many calls as fill about 20 ms (at least one), so tiny shapes are not timer noise.
                let t0 = cpuTime ? cpuNow() : now()
                var calls = 0, elapsed = 0.0
                repeat { body(); calls += 1; elapsed = (cpuTime ? cpuNow() : now()) - t0 } while elapsed < 0.02
                fastest = min(fastest, elapsed / Double(calls))
            }
            return fastest
        }
        let product = best { BLAS.sgemm(.none, .none, m: b, n: dd, k: dd, a: s.base, b: a.base, c: out.base) }
        let add = best { Vector.add(n, u.base, out.base) }
        // tanh of values kept in (−1, 1): refill from s each call so the input does not drift to 0.
        let activation = best { out.copy(from: s); RecurrentDepthModel.tanhInPlace(out.base, n) } - best { out.copy(from: s) }
        return (product, add, max(activation, 0))
    }

    /// Runs `body(step)` `warmup` times untimed, then until `minSeconds` and `minSteps` are reached.
    static func timeLoop(warmup: Int, minSteps: Int, minSeconds: Double, cpuTime: Bool,
                         _ body: (Int) -> Void) -> (steps: Int, seconds: Double, cpu: Double) {
        for s in 0..<warmup { body(s) }
        let start = now(), cpuStart = cpuNow()
        var steps = 0, elapsed = 0.0
        repeat {
            body(steps)
            steps += 1
            elapsed = cpuTime ? cpuNow() - cpuStart : now() - start
        } while elapsed < minSeconds || steps < minSteps
        let cpu = cpuNow() - cpuStart
        return (steps, cpuTime ? cpu : elapsed, cpu)
    }
}
