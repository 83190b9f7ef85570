// Training runs end to end at a tiny scale: determinism, divergence, checkpoint placement and the
// fixed-compute budget.
import Foundation
import ReciteCore
import Testing
@testable import ReciteLab

/// OpenBLAS is made single-threaded once per process (by the first trainer, or here) and never
/// changed by a test, so no suite can change another's summation order mid-run.
func singleThreadedBLAS() { BLAS.useOneThread() }

@Suite struct RunExecutorTests {
    @Test func sameConfigAndSeedGiveBitIdenticalResults() throws {
        singleThreadedBLAS()
        let run = try tinyRun(["training.checkpoints=2"])
        let a = try RunExecutor.execute(run), b = try RunExecutor.execute(run)
        #expect(a.rows.count == 4)
        #expect(ResultsCSV.render(a.rows) == ResultsCSV.render(b.rows))
        #expect(a.rows.allSatisfy { $0.value.isFinite && $0.status == "ok" })

        let other = try RunExecutor.execute(try tinyRun(["training.checkpoints=2", "seed=2"]))
        #expect(other.rows.map(\.value) != a.rows.map(\.value), "another seed must give other results")
        #expect(other.rows.map(\.tokensTrained) == a.rows.map(\.tokensTrained))
    }

    @Test func trainingLowersTheLoss() throws {
        singleThreadedBLAS()
        let out = try RunExecutor.execute(try tinyRun(["training.checkpoints=4", "training.checkpoint_spacing=log",
                                                       "data.unique_tokens=4000"]))
        let losses = out.rows.filter { $0.eval == "loss" }.map(\.value)
        #expect(losses.count == 4)
        #expect(losses.last! < losses.first!, "loss did not fall: \(losses)")
        #expect(losses.last! < log(65.0), "worse than uniform over V = 65: \(losses)")
        #expect(out.rows.allSatisfy { $0.entropyFloor > 0 && $0.entropyFloor < log(65.0) })
    }

    @Test func divergedRunIsRecordedWithNaN() throws {
        singleThreadedBLAS()
        let run = try tinyRun(["optimizer.learning_rate=1e6", "training.checkpoints=2"])
        let out = try RunExecutor.execute(run)
        #expect(out.diverged)
        #expect(out.info(for: run)["status"] as? String == "diverged")
        // One row per (checkpoint, eval) still, the last checkpoint's rows diverged and NaN.
        let marks = RunExecutor.checkpoints(total: 2000, spec: run.experiment.training)
        #expect(Set(out.rows.map(\.tokensTrained)) == Set(marks))
        #expect(out.rows.count == marks.count * 2)
        let last = out.rows.filter { $0.tokensTrained == marks.last! }
        #expect(!last.isEmpty && last.allSatisfy { $0.status == "diverged" && $0.value.isNaN })
        #expect(out.rows.allSatisfy { $0.status == "diverged" || $0.value.isFinite }, "a NaN value must say diverged")
    }

    @Test(arguments: [("sgd", 1e6, false), ("sgd", 1e30, false), ("adamw", 3e38, true)])
    func statusSaysDivergedExactlyWhenValuesAreNaN(_ kind: String, _ rate: Double, _ diverges: Bool) throws {
        // One step only (the batch holds every token): the loss of that step is computed before
        // the update, so only the checkpoint's evaluation sees what the update did. SGD at 1e30
        // leaves a huge but finite loss; AdamW steps of 3e38 overflow the logits (NaN loss).
        singleThreadedBLAS()
        let out = try RunExecutor.execute(try tinyRun(["optimizer.kind=\(kind)", "optimizer.learning_rate=\(rate)",
                                                       "training.batch_size=4096", "training.checkpoints=1"]))
        #expect(out.steps == 1)
        #expect(out.diverged == diverges)
        let summary = out.rows.map { "\($0.eval)=\($0.value) \($0.status)" }
        #expect(out.rows.count == 2, "\(summary)")
        for r in out.rows where r.eval == "loss" {
            #expect(r.value.isFinite == (r.status == "ok"), "a NaN value must say diverged: \(summary)")
        }
        #expect(out.rows.allSatisfy { ($0.status == "diverged") == out.diverged }, "\(summary)")
    }

    @Test func checkpointSpacing() {
        var t = TrainingSpec()
        t.checkpoints = 4
        #expect(RunExecutor.checkpoints(total: 1000, spec: t) == [250, 500, 750, 1000])
        t.checkpointSpacing = .log
        #expect(RunExecutor.checkpoints(total: 1000, spec: t) == [125, 250, 500, 1000])
        t.checkpoints = 1
        #expect(RunExecutor.checkpoints(total: 1000, spec: t) == [1000])
        t.checkpoints = 6; t.checkpointSpacing = .linear
        #expect(RunExecutor.checkpoints(total: 3, spec: t) == [1, 2, 3])
    }

    @Test(arguments: [CheckpointSpacing.linear, .log])
    func checkpointsLandOnExactTokenCounts(_ spacing: CheckpointSpacing) throws {
        singleThreadedBLAS()
        // D = 2000 with batches of 32: no checkpoint but the last is a multiple of the batch.
        let run = try tinyRun(["training.checkpoints=5", "training.checkpoint_spacing=\(spacing.rawValue)"])
        let out = try RunExecutor.execute(run)
        let expected = spacing == .linear ? [400, 800, 1200, 1600, 2000] : [125, 250, 500, 1000, 2000]
        let losses = out.rows.filter { $0.eval == "loss" }
        #expect(losses.map(\.tokensTrained) == expected)
        // Steps: batches never cross a checkpoint, so each segment takes ceil(segment/32) steps.
        var steps = 0, previous = 0, expectedSteps: [Int] = []
        for m in expected { steps += (m - previous + 31) / 32; previous = m; expectedSteps.append(steps) }
        #expect(losses.map(\.step) == expectedSteps)
        let perToken = run.experiment.model.trainingFlopsPerToken(outputClasses: 65)
        #expect(losses.map(\.flops) == expected.map { perToken * Double($0) })
    }

    @Test(arguments: [1, 7])
    func fixedComputeBudgetTrainsCOverFlopsPerToken(_ recitations: Int) throws {
        singleThreadedBLAS()
        // V = 65, d = 8, k = 1, bias: FLOPs per token 6·(8·65 + 65) + 1·8 = 3518.
        let perToken = 6.0 * Double(8 * 65 + 65) + 8
        let budget = perToken * 1500 + 1000       // D = round(1500.28) = 1500
        let run = try tinyRun(["data.regime=fixed-compute", "data.budget_flops=\(budget)", "data.recitations=\(recitations)",
                               "training.checkpoints=1"])
        #expect(run.experiment.model.trainingFlopsPerToken(outputClasses: 65) == perToken)
        #expect(run.estimatedTokens == 1500)
        let out = try RunExecutor.execute(run)
        let trained = 1500 / recitations * recitations   // U = ⌊D/R⌋ whole tokens, recited R times
        #expect(out.tokensTrained == trained)
        #expect(out.uniqueTokens == 1500 / recitations)
        for r in out.rows {
            #expect(r.tokensTrained == trained && r.regime == "fixed-compute" && r.budgetFlops == budget)
            #expect(r.flops == perToken * Double(trained))
            #expect(r.flops <= budget)
        }
    }

    @Test func rowsDescribeTheRun() throws {
        singleThreadedBLAS()
        let run = try tinyRun(["seed=4", "data.schedule=massed"])
        let out = try RunExecutor.execute(run)
        #expect(out.parameters == 65 * 8 + 8 * 65 + 65)
        for r in out.rows {
            #expect(r.run == run.key && r.experiment == "tiny" && r.seed == 4 && r.world == "web")
            #expect(r.params == out.parameters && r.uniqueTokens == 1000 && r.recitations == 2)
            #expect(r.schedule == "massed" && r.regime == "fixed-data" && r.width == 8 && r.context == 1)
        }
        #expect(out.rows.map(\.eval) == ["loss", "top1", "loss", "top1", "loss", "top1"])
    }
}
