// Recurrent-depth runs through the pipeline: a row per (checkpoint, test-time r, metric), the
// recurrences column, determinism, validation errors naming the field, and the pointer-chasing
// evaluations' chance levels with scorers that know nothing, know the roots, or know the answer.
import Foundation
import ReciteCore
import ReciteWorlds
import Testing
@testable import ReciteLab

let tinyChaseYAML = """
    name: tiny-chase
    seed: 1
    pointer_chase: {roots: 4, depth: 2}
    model: {width: 4, context: 13, combine: concat, recurrent: {state_width: 16, mean_recurrence: 4, backprop_depth: 2}}
    optimizer: {kind: adamw, learning_rate: 0.003}
    data: {regime: fixed-compute, tokens_trained: 2000}
    training: {batch_size: 32, checkpoints: 2}
    evals: {metrics: [loss, top1, mc, exact], questions: 100, programs: 20, held_out_tokens: 100, recurrences: [1, 3, 8]}
    """

@Suite struct RecurrentRunTests {
    @Test func everyCheckpointAndRecurrenceGetsEveryMetric() throws {
        singleThreadedBLAS()
        let run = try loadRuns(tinyChaseYAML)[0]
        let a = try RunExecutor.execute(run), b = try RunExecutor.execute(run)
        #expect(a.rows.count == 2 * 3 * 4)
        #expect(Set(a.rows.map(\.recurrences)) == [1, 3, 8])
        #expect(ResultsCSV.render(a.rows) == ResultsCSV.render(b.rows), "same config and seed must give the same rows")
        #expect(a.rows.allSatisfy { $0.status == .ok && $0.value.isFinite && $0.world == "pointer-chase-R4-L2" })
        let parsed = try ResultsCSV.parse(ResultsCSV.render(a.rows), path: "mem")
        #expect(parsed == a.rows)
        // FLOPs grow with tokens, and the parameter count is the exact one.
        let flops = a.rows.filter { $0.eval == .loss && $0.recurrences == 1 }.map(\.flops)
        #expect(flops.count == 2 && flops[1] > flops[0])
        let spec = run.experiment.model
        #expect(a.rows[0].params == spec.recurrentParameterCount(spec.recurrent!, inputVocabulary: 13, outputClasses: 13))
        let other = try RunExecutor.execute(try loadRuns(tinyChaseYAML, overrides: ["seed=2"])[0])
        #expect(other.rows.map(\.value) != a.rows.map(\.value))
    }

    @Test func logBilinearRowsHaveZeroRecurrences() throws {
        singleThreadedBLAS()
        let out = try RunExecutor.execute(try tinyRun([]))
        #expect(out.rows.allSatisfy { $0.recurrences == 0 })
    }

    @Test func recurrentModelTrainsOnAWorldCorpusToo() throws {
        singleThreadedBLAS()
        let yaml = tinyYAML
            .replacingOccurrences(of: "model: {width: 8, context: 1}",
                                  with: "model: {width: 8, context: 1, recurrent: {state_width: 8, mean_recurrence: 2}}")
            .replacingOccurrences(of: "evals: {metrics: [loss, top1], held_out_tokens: 256}",
                                  with: "evals: {metrics: [loss], held_out_tokens: 256, recurrences: [1, 2]}")
        #expect(yaml != tinyYAML)
        let out = try RunExecutor.execute(try loadRuns(yaml)[0])
        #expect(out.rows.count == 3 * 2)
        #expect(out.rows.allSatisfy { $0.value.isFinite && $0.value < log(65.0) })
    }

    @Test func badRecurrentFieldsNameTheField() {
        func err(_ overrides: [String]) -> String { errorText { _ = try loadRuns(tinyChaseYAML, overrides: overrides) } }
        #expect(err(["model.recurrent.state_width=0"]).contains("model.recurrent.state_width"))
        #expect(err(["model.recurrent.mean_recurrence=-1"]).contains("model.recurrent.mean_recurrence"))
        #expect(err(["model.recurrent.backprop_depth=0"]).contains("model.recurrent.backprop_depth"))
        #expect(err(["evals.recurrences=[1,0]"]).contains("evals.recurrences") && err(["evals.recurrences=[1,0]"]).contains("found 0"))
        #expect(err(["model.context=5"]).contains("model.context"))
        #expect(err(["pointer_chase.roots=2"]).contains("pointer_chase.roots"))
        #expect(err(["model.recurrent.activation=relu"]).contains("one of tanh, identity"))
        #expect(err(["model.recurrent.widht=3"]).contains("unknown field"))
        for bad in ["0", "1.5", "-0.2"] {
            let e = err(["model.recurrent.update_fraction=\(bad)"])
            #expect(e.contains("model.recurrent.update_fraction") && e.contains(bad), "\(e)")
        }
        #expect(err(["model.recurrent.update_fraction=0.25"]) == "")
        let starts = err(["pointer_chase.starts=shallow"])
        #expect(starts.contains("pointer_chase.starts") && starts.contains("one of all, deepest") && starts.contains("shallow"), "\(starts)")
        #expect(err(["pointer_chase.starts=deepest"]) == "")
        #expect(err([]) == "")
    }

    /// A scorer that puts equal log-probability on the four roots scores exactly chance: 25% on
    /// `mc`, 0 on `exact`; an oracle scores 100% on both.
    @Test func chaseEvaluationChanceAndCeiling() throws {
        let task = try PointerChase(spec: PointerChaseSpec(roots: 4, depth: 2))
        var spec = EvalSpec(); spec.metrics = [.mc, .exact]; spec.questions = 400; spec.programs = 50
        let eval = PointerChaseEvaluator(task: task, spec: spec, seed: 3)
        let roots = FixedScorer(task: task, oracle: false), oracle = FixedScorer(task: task, oracle: true)
        let r = eval.evaluate(roots), o = eval.evaluate(oracle)
        #expect(r[0].1 == 0.25)
        #expect(r[1].1 == 0)
        #expect(o[0].1 == 1 && o[1].1 == 1)
    }
}

extension RecurrentRunTests {
    /// With `starts: deepest` the chance levels are the same kind: 25% on `mc` (the roots are
    /// alike), 0 on `exact` (now the R deepest nodes of a table), and the oracle scores 100%.
    @Test func deepestChaseEvaluationChanceAndCeiling() throws {
        let task = try PointerChase(spec: PointerChaseSpec(roots: 4, depth: 2, starts: .deepest))
        var spec = EvalSpec(); spec.metrics = [.mc, .exact]; spec.questions = 400; spec.programs = 50
        let eval = PointerChaseEvaluator(task: task, spec: spec, seed: 3)
        let r = eval.evaluate(FixedScorer(task: task, oracle: false)), o = eval.evaluate(FixedScorer(task: task, oracle: true))
        #expect(r[0].1 == 0.25 && r[1].1 == 0)
        #expect(o[0].1 == 1 && o[1].1 == 1)
        #expect(eval.multipleChoice(FixedScorer(task: task, oracle: true), depth: 1).isNaN, "no question starts at depth 1")
    }

    @Test func deepestRunsNameTheirWorld() throws {
        singleThreadedBLAS()
        let run = try loadRuns(tinyChaseYAML, overrides: ["pointer_chase.starts=deepest", "training.checkpoints=1",
                                                          "evals.recurrences=[2]"])[0]
        let out = try RunExecutor.execute(run)
        #expect(out.rows.allSatisfy { $0.world == "pointer-chase-R4-L2-deepest" && $0.value.isFinite })
        #expect(run.key != (try loadRuns(tinyChaseYAML, overrides: ["training.checkpoints=1", "evals.recurrences=[2]"])[0].key))
    }
}

extension RecurrentRunTests {
    /// `update_fraction` at its default 1 leaves a run's key as it was before the field existed
    /// (earlier results resume); any other value is another run, and trains to other rows.
    @Test func updateFractionKeysAndRows() throws {
        singleThreadedBLAS()
        let plain = try loadRuns(tinyChaseYAML)[0], explicit = try loadRuns(tinyChaseYAML, overrides: ["model.recurrent.update_fraction=1"])[0]
        let damped = try loadRuns(tinyChaseYAML, overrides: ["model.recurrent.update_fraction=0.25"])[0]
        #expect(plain.key == explicit.key)
        #expect(plain.key != damped.key)
        let a = try RunExecutor.execute(plain), b = try RunExecutor.execute(damped)
        #expect(a.rows.count == b.rows.count)
        #expect(a.rows.map(\.value) != b.rows.map(\.value))
        #expect(b.rows.allSatisfy { $0.status == .ok && $0.value.isFinite })
    }
}

/// Log-probabilities from the context alone: uniform over the roots, or all mass on the answer.
final class FixedScorer: NextTokenScorer {
    let task: PointerChase, oracle: Bool
    let rows: FloatBuffer
    init(task: PointerChase, oracle: Bool) {
        self.task = task; self.oracle = oracle; rows = FloatBuffer(count: 256 * task.vocabularySize)
    }
    var context: Int { task.contextLength }
    var outputClasses: Int { task.vocabularySize }
    var capacity: Int { 256 }
    func logProbabilities(contexts: UnsafePointer<Int32>, count n: Int) -> UnsafeMutablePointer<Float> {
        let v = outputClasses, k = context
        for i in 0..<n {
            let c = contexts + i * k
            for y in 0..<v { rows[i * v + y] = -30 }
            if oracle {
                var x = c[0]
                while c[Int(x)] != x { x = c[Int(x)] }
                rows[i * v + Int(x)] = 0
            } else {
                for y in 1..<v where c[y] == Int32(y) { rows[i * v + y] = -log(4) }
            }
        }
        return rows.base
    }
}
