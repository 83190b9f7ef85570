// One training run: world → corpus → model → training with checkpoints → evaluations → rows.
import Foundation
import ReciteCore
import ReciteWorlds

/// What a finished (or diverged) run produced.
public struct RunOutcome: Sendable {
    public var rows: [ResultRow]
    public var diverged: Bool
    public var wallSeconds: Double
    public var tokensPerSecond: Double
    public var parameters: Int
    public var uniqueTokens: Int
    public var tokensTrained: Int
    public var steps: Int
    /// Steps whose gradient clipping shrank (`optimizer.clip_norm`; nil when clipping is off).
    public var clippedSteps: Int? = nil
}

public enum RunExecutor {
    /// The world a run uses: the spec's world with its seed offset by the run seed, so that
    /// `seed: [1, 2, 3]` varies the world's ground truth as well as the corpus and initialisation.
    public static func world(for e: Experiment) throws -> World {
        var spec = e.world
        spec.seed = spec.seed &+ UInt64(truncatingIfNeeded: e.seed) &* 0x9E37_79B9_7F4A_7C15
        return try World(spec: spec)
    }

    /// Tokens trained for a compute budget: `D = C / (FLOPs per token)`, with FLOPs per token
    /// `6·N_dense + k·d` (see `ModelSpec.trainingFlopsPerToken`).
    public static func tokens(forBudget c: Double, model: ModelSpec, vocabulary v: Int) -> Int {
        max(Int((c / model.trainingFlopsPerToken(outputClasses: v)).rounded()), 1)
    }

    /// The corpus spec of a run.
    public static func corpusSpec(for e: Experiment, vocabulary v: Int) -> CorpusSpec {
        let d = e.data
        var regime = d.regime
        var budget = regime == .fixedData ? d.uniqueTokens : d.tokensTrained
        if d.budgetFlops > 0 { regime = .fixedCompute; budget = tokens(forBudget: d.budgetFlops, model: e.model, vocabulary: v) }
        return CorpusSpec(regime: regime, budget: budget, recitations: d.recitations, schedule: d.schedule,
                          backgroundFraction: d.backgroundFraction, sentenceLength: d.sentenceLength,
                          seed: UInt64(truncatingIfNeeded: e.seed))
    }

    /// Token counts at which to evaluate (the last is `total`).
    public static func checkpoints(total: Int, spec: TrainingSpec) -> [Int] {
        let n = max(spec.checkpoints, 1)
        let raw: [Int] = (1...n).map { i in
            switch spec.checkpointSpacing {
            case .linear: return Int((Double(total) * Double(i) / Double(n)).rounded())
            case .log: return Int((Double(total) * pow(2, Double(i - n))).rounded())
            }
        }
        return Array(Set(raw.map { max($0, 1) })).sorted()
    }

    /// Checkpoints moved to the nearest batch boundary of a run that takes the remainder
    /// `total mod batchSize` first and full batches after it, so no batch is split by a checkpoint.
    public static func batchAligned(_ marks: [Int], total: Int, batchSize b: Int) -> [Int] {
        guard b > 1 else { return marks }
        let r = total % b
        let aligned = marks.map { m -> Int in
            if m >= total { return total }
            let k = (Double(m - r) / Double(b)).rounded()
            return min(max(r + Int(k) * b, r > 0 ? r : b), total)
        }
        return Array(Set(aligned)).sorted()
    }

    /// Trains and evaluates one run on `threads` threads. `progress` receives tokens trained so far;
    /// `profile`, when given, receives where the time went; `checkpoint`, when given, sees the model
    /// and the step count after each checkpoint's evaluation (for probes such as `recite sharpness`;
    /// it must not change the model).
    public static func execute(_ run: ResolvedRun, threads: Int = 1, profile: RunProfile? = nil,
                               progress: ((Int) -> Void)? = nil,
                               checkpoint: ((LogBilinearModel, Int) -> Void)? = nil) throws -> RunOutcome {
        let e = run.experiment
        if e.model.recurrent != nil || e.pointerChase != nil { return try RecurrentRunExecutor.execute(run, progress: progress) }
        let clock = ContinuousClock(), t0 = clock.now, profileStart = Benchmark.clock()
        let world = try world(for: e)
        let v = world.vocabularySize
        let corpus = try Corpus(world: world, spec: corpusSpec(for: e, vocabulary: v))
        var initRNG = Xoshiro256(seed: UInt64(truncatingIfNeeded: e.seed), stream: 41)
        let model = LogBilinearModel(spec: e.model, vocabulary: v, rng: &initRNG)
        let total = corpus.tokensTrained
        let b = e.training.batchSize(forTokens: total)
        let steps = (total + b - 1) / b
        let trainer = Trainer(model: model, optimizer: e.optimizer.scaled(toWidth: e.model.width, tokens: total), batchSize: b, totalSteps: steps,
                              threads: threads)
        let evaluator = Evaluator(world: world, model: model, spec: e.evals, sentenceLength: e.data.sentenceLength,
                                  seed: UInt64(truncatingIfNeeded: e.seed))
        let marks = batchAligned(checkpoints(total: total, spec: e.training), total: total, batchSize: b)
        trainer.stageTimes = profile?.stages
        var mark = profileStart
        func lap() -> Double { let t = Benchmark.clock(), d = t - mark; mark = t; return d }  // for the profile only
        profile?.corpusSeconds += lap()
        let flopsPerToken = e.model.trainingFlopsPerToken(outputClasses: v)
        // The floor the held-out loss can reach (its first token follows BOS), not the entropy rate.
        let heldOutFloor = world.heldOutFloor(sentenceLength: e.data.sentenceLength)

        var rows: [ResultRow] = []
        func record(step: Int, tokens: Int, values: [(EvalKind, Double)], status: RunStatus) {
            for (kind, value) in values {
                rows.append(ResultRow(
                    run: run.key, experiment: e.name, seed: e.seed, world: worldName(e.world), params: model.parameterCount,
                    width: e.model.width, context: e.model.context, uniqueTokens: corpus.uniqueTokens,
                    recitations: e.data.recitations, schedule: e.data.schedule, regime: corpus.spec.regime,
                    budgetFlops: e.data.budgetFlops, tokensTrained: tokens, flops: flopsPerToken * Double(tokens), step: step,
                    eval: kind, value: value, entropyFloor: heldOutFloor, status: status))
            }
        }

        var stream = ExampleStream(corpus: corpus)
        let loop = TrainingLoop(trainer: trainer, batchSize: b)
        loop.lossBound = Divergence.lossBound(vocabulary: v)
        var nextMark = 0, diverged = false
        // The remainder `total mod b` goes first, at the warmup's smallest rate: the gradient is a
        // mean over the batch, so a short batch weights each example up to b× more than a full one,
        // and one just before a checkpoint (or at the end) showed as a held-out loss spike there.
        if total % b > 0 && total > b && !loop.train(&stream, count: total % b, progress: progress) { diverged = true }
        while !diverged && nextMark < marks.count {
            let finite = loop.train(&stream, count: marks[nextMark] - loop.tokens, progress: progress)
            profile?.trainSeconds += lap()
            if !finite { diverged = true; break }
            if loop.tokens < marks[nextMark] { break }  // the corpus ran dry
            let values = evaluator.evaluate(model)
            profile?.evalSeconds += lap()
            // The step's loss is computed before its update: an update can still leave the model
            // non-finite, or finite but absurd (a metric NaN/∞, held-out loss past 10·ln V). All diverged.
            if !model.isFinite || Divergence.isDiverged(values, vocabulary: v) { diverged = true; break }
            record(step: trainer.step, tokens: loop.tokens, values: values, status: .ok)
            checkpoint?(model, trainer.step)
            nextMark += 1
        }
        let done = loop.tokens
        profile?.steps = trainer.step; profile?.tokens = done
        if diverged || !model.isFinite {
            diverged = true
            for m in marks[nextMark...] { record(step: trainer.step, tokens: m, values: evaluator.metrics.map { ($0, .nan) }, status: .diverged) }
        }
        let seconds = Double((clock.now - t0).components.attoseconds) / 1e18 + Double((clock.now - t0).components.seconds)
        return RunOutcome(rows: rows, diverged: diverged, wallSeconds: seconds, tokensPerSecond: Double(done) / max(seconds, 1e-9),
                          parameters: model.parameterCount, uniqueTokens: corpus.uniqueTokens, tokensTrained: total, steps: trainer.step,
                          clippedSteps: trainer.optimizer.clippedStepsIfClipping)
    }

    /// The vocabulary size a world spec gives, without building the world (see `World`'s id layout).
    public static func vocabularySize(of w: WorldSpec) -> Int {
        1 + w.background.vocabulary + w.keyTokenCount + (w.relationToken && w.facts > 0 ? 1 : 0) + w.promptTokenCount
    }

    /// A short name of a world for the `world` column: the background preset plus what it holds.
    public static func worldName(_ w: WorldSpec) -> String {
        var name = w.background.name.isEmpty ? "custom" : w.background.name
        if w.facts > 0 { name += "+facts" }
        if w.programs > 0 { name += "+programs" }
        return name
    }
}

extension ResolvedRun {
    /// Tokens this run trains, from its spec alone (up to the corpus's rounding to whole units).
    public var estimatedTokens: Int {
        let e = experiment, d = e.data
        if d.budgetFlops > 0 { return RunExecutor.tokens(forBudget: d.budgetFlops, model: e.model, vocabulary: RunExecutor.vocabularySize(of: e.world)) }
        return d.regime == .fixedData ? d.uniqueTokens * d.recitations : d.tokensTrained
    }

    /// Training FLOPs of this run, from its spec alone: used to schedule the longest runs first.
    public var estimatedFlops: Double {
        if let block = experiment.model.recurrent {
            return Double(estimatedTokens) * experiment.model.recurrentExpectedTrainingFlopsPerToken(
                block, outputClasses: RecurrentRunExecutor.vocabulary(experiment))
        }
        return Double(estimatedTokens) * experiment.model.trainingFlopsPerToken(outputClasses: RunExecutor.vocabularySize(of: experiment.world))
    }
}
