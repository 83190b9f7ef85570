// One training run of a recurrent-depth model: r drawn per step from the recurrence sampler,
// truncated backprop, and at every checkpoint every metric at every test-time r of
// `evals.recurrences`. Data: the pointer-chasing task when `pointer_chase` is set, else the
// world's corpus exactly as for the log-bilinear model.
import Foundation
import ReciteCore
import ReciteWorlds

public enum RecurrentRunExecutor {
    /// The test-time recurrence counts of a run: `evals.recurrences`, or `round(r̄) + 1` (the
    /// sampler's mean) when that list is empty.
    public static func testRecurrences(_ e: Experiment) -> [Int] {
        guard let block = e.model.recurrent else { return [] }
        return e.evals.recurrences.isEmpty ? [Int(block.meanRecurrence.rounded()) + 1] : e.evals.recurrences
    }

    /// Checks the fields only recurrent runs use, naming the field.
    public static func validate(_ e: Experiment, file: String) throws {
        if let task = e.pointerChase {
            guard e.model.recurrent != nil else {
                throw LabError.field(file: file, field: "model.recurrent", expected: "a recurrent-depth model for pointer_chase",
                                     found: "nothing (a log-bilinear model)")
            }
            do { try task.validate() } catch let WorldError.invalidField(_, field, expected, found) {
                throw LabError.field(file: file, field: "pointer_chase.\(field)", expected: expected, found: found)
            }
            guard e.model.context == task.nodes + 1 else {
                throw LabError.field(file: file, field: "model.context", expected: "roots·(depth + 1) + 1 = \(task.nodes + 1) (the start and one pointer per node)",
                                     found: "\(e.model.context)")
            }
        }
        guard let block = e.model.recurrent else { return }
        if e.data.budgetFlops > 0 {
            throw LabError.field(file: file, field: "data.budget_flops", expected: "0 for a recurrent-depth model (give data.tokens_trained)",
                                 found: "\(e.data.budgetFlops)")
        }
        if let bad = block.firstInvalidField() {
            throw LabError.field(file: file, field: "model.recurrent.\(bad.field)", expected: bad.expected, found: bad.found)
        }
        for (i, r) in e.evals.recurrences.enumerated() where r < 1 || r > 4096 {
            throw LabError.field(file: file, field: "evals.recurrences[\(i)]", expected: "an integer in 1...4096", found: "\(r)")
        }
    }

    /// Vocabulary of a run's data.
    static func vocabulary(_ e: Experiment) -> Int {
        e.pointerChase.map { $0.nodes + 1 } ?? RunExecutor.vocabularySize(of: e.world)
    }

    /// Trains and evaluates one recurrent-depth run.
    public static func execute(_ run: ResolvedRun, progress: ((Int) -> Void)? = nil) throws -> RunOutcome {
        let e = run.experiment
        try validate(e, file: e.name)
        let block = e.model.recurrent!
        let clock = ContinuousClock(), t0 = clock.now
        let seed = UInt64(truncatingIfNeeded: e.seed)
        let v = vocabulary(e)
        let b = e.training.batchSize

        // Data: a fresh pointer table per example, or the world's corpus.
        var chase: PointerChase? = nil
        var world: World? = nil
        var stream: ExampleStream? = nil
        let total: Int, unique: Int, regime: Regime
        if let spec = e.pointerChase {
            chase = try PointerChase(spec: spec)
            total = max(run.estimatedTokens, 1); unique = total; regime = .fixedCompute
        } else {
            let w = try RunExecutor.world(for: e)
            let corpus = try Corpus(world: w, spec: RunExecutor.corpusSpec(for: e, vocabulary: v))
            world = w; stream = ExampleStream(corpus: corpus)
            total = corpus.tokensTrained; unique = corpus.uniqueTokens; regime = corpus.spec.regime
        }

        var initRNG = Xoshiro256(seed: seed, stream: 41)
        let model = RecurrentDepthModel(spec: e.model, vocabulary: v, rng: &initRNG)
        let steps = (total + b - 1) / b
        let trainer = RecurrentTrainer(model: model, optimizer: e.optimizer, batchSize: b, totalSteps: steps, seed: seed)
        let evalWorkspace = RecurrentWorkspace(model: model, capacity: 256)
        let chaseEval = chase.map { PointerChaseEvaluator(task: $0, spec: e.evals, seed: seed) }
        let worldEval = world.map { Evaluator(world: $0, context: e.model.context, spec: e.evals, sentenceLength: e.data.sentenceLength, seed: seed) }
        let metrics = chaseEval?.metrics ?? worldEval!.metrics
        let recurrences = testRecurrences(e)
        let marks = RunExecutor.checkpoints(total: total, spec: e.training)
        let worldName = e.pointerChase.map { "pointer-chase-R\($0.roots)-L\($0.depth)" + ($0.starts == .deepest ? "-deepest" : "") } ?? RunExecutor.worldName(e.world)
        let floor = world?.heldOutFloor(sentenceLength: e.data.sentenceLength) ?? 0

        var rows: [ResultRow] = []
        var flops = 0.0
        func record(step: Int, tokens: Int, r: Int, values: [(EvalKind, Double)], status: RunStatus) {
            for (kind, value) in values {
                rows.append(ResultRow(
                    run: run.key, experiment: e.name, seed: e.seed, world: worldName, params: model.parameterCount,
                    width: e.model.width, context: e.model.context, uniqueTokens: unique, recitations: e.data.recitations,
                    schedule: e.data.schedule, regime: regime, budgetFlops: e.data.budgetFlops, tokensTrained: tokens,
                    flops: flops, step: step, eval: kind, value: value, entropyFloor: floor, status: status,
                    recurrences: r))
            }
        }
        func evaluate(r: Int) -> [(EvalKind, Double)] {
            let scorer = RecurrentScorer(model: model, recurrences: r, workspace: evalWorkspace, seed: seed)
            return chaseEval?.evaluate(scorer) ?? worldEval!.evaluate(scorer: scorer)
        }

        let k = e.model.context
        var contexts = [Int32](repeating: 0, count: b * k), targets = [Int32](repeating: 0, count: b)
        var dataRNG = Xoshiro256(seed: seed, stream: 61)
        var done = 0, nextMark = 0, diverged = false
        contexts.withUnsafeMutableBufferPointer { cp in
            targets.withUnsafeMutableBufferPointer { tp in
                while nextMark < marks.count {
                    let want = min(b, marks[nextMark] - done)
                    let n: Int
                    if let chase {
                        chase.fill(contexts: cp.baseAddress!, targets: tp.baseAddress!, count: want, rng: &dataRNG); n = want
                    } else {
                        n = stream!.fill(contexts: cp.baseAddress!, targets: tp.baseAddress!, batchSize: want, contextLength: k)
                    }
                    if n == 0 { break }
                    let loss = trainer.step(contexts: cp.baseAddress!, targets: tp.baseAddress!, count: n)
                    flops += Double(n) * e.model.recurrentTrainingFlopsPerToken(block, recurrences: trainer.lastRecurrences, outputClasses: v)
                    done += n
                    if Divergence.isDiverged(loss: loss, vocabulary: v) || !model.isFinite { diverged = true; break }
                    if done >= marks[nextMark] {
                        for r in recurrences {
                            let values = evaluate(r: r)
                            record(step: trainer.step, tokens: done, r: r, values: values, status: .ok)
                        }
                        nextMark += 1
                    }
                    progress?(done)
                }
            }
        }
        if diverged {
            for m in marks[nextMark...] {
                for r in recurrences { record(step: trainer.step, tokens: m, r: r, values: metrics.map { ($0, .nan) }, status: .diverged) }
            }
        }
        let elapsed = clock.now - t0
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return RunOutcome(rows: rows, diverged: diverged, wallSeconds: seconds, tokensPerSecond: Double(done) / max(seconds, 1e-9),
                          parameters: model.parameterCount, uniqueTokens: unique, tokensTrained: total, steps: trainer.step,
                          clippedSteps: trainer.optimizer.clippedStepsIfClipping)
    }
}
