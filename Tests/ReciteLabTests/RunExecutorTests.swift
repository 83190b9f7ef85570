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
        #expect(a.rows.allSatisfy { $0.value.isFinite && $0.status == .ok })

        let other = try RunExecutor.execute(try tinyRun(["training.checkpoints=2", "seed=2"]))
        #expect(other.rows.map(\.value) != a.rows.map(\.value), "another seed must give other results")
        #expect(other.rows.map(\.tokensTrained) == a.rows.map(\.tokensTrained))
    }

    @Test func trainingLowersTheLoss() throws {
        singleThreadedBLAS()
        let out = try RunExecutor.execute(try tinyRun(["training.checkpoints=4", "training.checkpoint_spacing=log",
                                                       "data.unique_tokens=4000"]))
        let losses = out.rows.filter { $0.eval == .loss }.map(\.value)
        #expect(losses.count == 4)
        #expect(losses.last! < losses.first!, "loss did not fall: \(losses)")
        #expect(losses.last! < log(65.0), "worse than uniform over V = 65: \(losses)")
        #expect(out.rows.allSatisfy { $0.entropyFloor > 0 && $0.entropyFloor < log(65.0) })
        // The recorded floor is the held-out loss's own (its first token follows BOS), above the entropy rate.
        let run = try tinyRun([])
        let world = try RunExecutor.world(for: run.experiment)
        let floor = world.background.sentenceEntropy(length: max(run.experiment.data.sentenceLength, 2))
        #expect(floor > world.entropyRate + 1e-3)
        #expect(out.rows.allSatisfy { $0.entropyFloor == floor }, "\(out.rows.map(\.entropyFloor)) vs \(floor)")
    }

    @Test func divergedRunIsRecordedWithNaN() throws {
        singleThreadedBLAS()
        let run = try tinyRun(["optimizer.learning_rate=1000", "training.checkpoints=2"])
        let out = try RunExecutor.execute(run)
        #expect(out.diverged)
        #expect(out.info(for: run)["status"] as? String == "diverged")
        // One row per (checkpoint, eval) still, the last checkpoint's rows diverged and NaN.
        let marks = RunExecutor.batchAligned(RunExecutor.checkpoints(total: 2000, spec: run.experiment.training), total: 2000, batchSize: 32)
        #expect(Set(out.rows.map(\.tokensTrained)) == Set(marks))
        #expect(out.rows.count == marks.count * 2)
        let last = out.rows.filter { $0.tokensTrained == marks.last! }
        #expect(!last.isEmpty && last.allSatisfy { $0.status == .diverged && $0.value.isNaN })
        #expect(out.rows.allSatisfy { $0.status == .diverged || $0.value.isFinite }, "a NaN value must say diverged")
    }

    @Test(arguments: [("sgd", 1000.0, true), ("adamw", 70.0, true), ("sgd", 0.5, false), ("adamw", 0.01, false)])
    func statusSaysDivergedExactlyWhenALossIsNaNOrPastTheBound(_ kind: String, _ rate: Double, _ diverges: Bool) throws {
        // A diverged run may still have finite numbers (AdamW at 70 reaches losses near 7e4, where
        // the uniform guess is ln 65 ≈ 4.2): past 10·ln V it is diverged, and never `ok`.
        singleThreadedBLAS()
        let run = try tinyRun(["optimizer.kind=\(kind)", "optimizer.learning_rate=\(rate)", "training.checkpoints=2"])
        let out = try RunExecutor.execute(run)
        let bound = Divergence.lossBound(vocabulary: 65)
        let summary = out.rows.map { "\($0.eval)=\($0.value) \($0.status)" }
        #expect(out.diverged == diverges, "\(summary)")
        for r in out.rows {
            let sane = r.value.isFinite && (r.eval != .loss || r.value <= bound)
            #expect(sane == (r.status == .ok), "a NaN or absurd value must say diverged: \(summary)")
        }
        #expect(out.rows.allSatisfy { $0.status == .ok } == !diverges, "\(summary)")
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
    func checkpointsLandOnBatchBoundaries(_ spacing: CheckpointSpacing) throws {
        singleThreadedBLAS()
        // D = 2000 with batches of 32: the remainder 16 is the first batch, every later one is full,
        // and each checkpoint sits on the batch boundary nearest its nominal count (16 + 32k).
        let run = try tinyRun(["training.checkpoints=5", "training.checkpoint_spacing=\(spacing.rawValue)"])
        let out = try RunExecutor.execute(run)
        let expected = spacing == .linear ? [400, 816, 1200, 1616, 2000] : [112, 240, 496, 1008, 2000]
        #expect(RunExecutor.batchAligned(RunExecutor.checkpoints(total: 2000, spec: run.experiment.training), total: 2000, batchSize: 32) == expected)
        let losses = out.rows.filter { $0.eval == .loss }
        #expect(losses.map(\.tokensTrained) == expected)
        // Steps: one short batch, then full ones: 1 + (m − 16)/32 steps by checkpoint m.
        #expect(losses.map(\.step) == expected.map { 1 + ($0 - 16) / 32 })
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
            #expect(r.tokensTrained == trained && r.regime == .fixedCompute && r.budgetFlops == budget)
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
            #expect(r.schedule == .massed && r.regime == .fixedData && r.width == 8 && r.context == 1)
        }
        #expect(out.rows.map(\.eval) == [.loss, .top1, .loss, .top1, .loss, .top1])
    }
}
