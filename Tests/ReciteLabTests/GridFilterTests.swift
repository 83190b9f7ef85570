// The grid filter (`grid.tokens_per_parameter`), the width- and horizon-scaling learning-rate rules, and
// checkpoints on batch boundaries: each on a case that passes and one that does not.
import Foundation
import ReciteCore
import Testing
@testable import ReciteLab

@Suite struct GridFilterTests {
    /// V = 65 (BOS + 64): N = 2·65·d + 65; at a budget C, D = C / (6·(65d + 65) + d).
    static let isoYAML = """
        name: iso
        seed: 1
        world:
          background: {vocabulary: 64}
        model: {width: [1, 2, 4, 8, 16], context: 1}
        data: {regime: fixed-compute, budget_flops: [1.0e6, 1.0e8]}
        evals: {metrics: [loss], held_out_tokens: 256}
        """

    static func ratio(_ r: ResolvedRun) -> Double {
        let n = r.experiment.model.parameterCount(inputVocabulary: 65, outputClasses: 65)
        return Double(r.estimatedTokens) / Double(n)
    }

    @Test func keepsOnlyRunsInsideTheTokensPerParameterWindow() throws {
        let all = try loadRuns(Self.isoYAML)
        #expect(all.count == 10)
        let kept = try loadRuns(Self.isoYAML, overrides: ["grid.tokens_per_parameter=[0.5, 20]"])
        #expect(!kept.isEmpty && kept.count < all.count)
        #expect(kept.allSatisfy { (0.5...20).contains(Self.ratio($0)) })
        // Exactly the runs of the full grid that fall inside, with the same keys: the filter is not
        // part of the run key, so a wider window reuses every finished run.
        let inside = all.filter { (0.5...20).contains(Self.ratio($0)) }
        #expect(kept.map(\.key) == inside.map(\.key))
    }

    @Test func rejectsAMalformedWindow() {
        for bad in ["[20, 0.5]", "[0, 5]", "[1]", "[1, 2, 3]"] {
            let text = errorText { _ = try loadRuns(Self.isoYAML, overrides: ["grid.tokens_per_parameter=\(bad)"]) }
            #expect(text.contains("grid.tokens_per_parameter"), "\(bad): \(text)")
        }
    }

    @Test func learningRateRuleByWidth() {
        var o = OptimizerSpec()
        o.learningRate = 8
        #expect(o.scaled(toWidth: 512).learningRate == 8, "no rule: the same rate at every width")
        o.widthExponent = 0.25
        o.referenceWidth = 32
        #expect(o.scaled(toWidth: 2).learningRate == 8)
        #expect(o.scaled(toWidth: 32).learningRate == 8)
        #expect(abs(o.scaled(toWidth: 512).learningRate - 4) < 1e-5)
        #expect(abs(o.scaled(toWidth: 128).learningRate - 8 / Float(2).squareRoot()) < 1e-5)
    }

    @Test func learningRateRuleByWidthOnBothSides() {
        var o = OptimizerSpec()
        o.learningRate = 0.01
        o.widthExponent = 1
        o.referenceWidth = 16
        #expect(o.scaled(toWidth: 8).learningRate == 0.01, "one-sided: narrower models keep the rate")
        o.widthRuleTwoSided = true
        #expect(o.scaled(toWidth: 16).learningRate == 0.01)
        #expect(abs(o.scaled(toWidth: 8).learningRate - 0.02) < 1e-7)
        #expect(abs(o.scaled(toWidth: 32).learningRate - 0.005) < 1e-7)
        #expect(abs(o.scaled(toWidth: 5).learningRate - 0.032) < 1e-6)
    }

    @Test func twoSidedWidthRuleRoundTripsAndIsLeftOutWhenOff() throws {
        var o = OptimizerSpec()
        let off = String(decoding: try JSONEncoder().encode(o), as: UTF8.self)
        #expect(!off.contains("widthRuleTwoSided"), "run keys of experiments without the rule unchanged: \(off)")
        o.widthRuleTwoSided = true
        let back = try JSONDecoder().decode(OptimizerSpec.self, from: try JSONEncoder().encode(o))
        #expect(back.widthRuleTwoSided)
    }

    @Test func lazyEmbeddingsRoundTripAndAreLeftOutWhenOff() throws {
        var o = OptimizerSpec()
        let off = String(decoding: try JSONEncoder().encode(o), as: UTF8.self)
        #expect(!off.contains("lazyEmbeddings"), "run keys of experiments without lazy Adam unchanged: \(off)")
        o.kind = .adamw; o.lazyEmbeddings = true
        let back = try JSONDecoder().decode(OptimizerSpec.self, from: try JSONEncoder().encode(o))
        #expect(back.lazyEmbeddings)
    }

    @Test func learningRateRuleByHorizon() {
        var o = OptimizerSpec()
        o.learningRate = 8
        o.widthExponent = 0.25
        o.referenceWidth = 32
        #expect(o.scaled(toWidth: 8, tokens: 1000).learningRate == 8, "no horizon rule: the width's rate at any length")
        o.horizonExponent = 0.5
        o.referenceTokens = 100_000
        o.horizonMaxFactor = 2
        #expect(o.scaled(toWidth: 8, tokens: 100_000).learningRate == 8, "at the reference horizon: the width's rate")
        #expect(o.scaled(toWidth: 8, tokens: 400_000).learningRate == 8, "longer runs are not lowered")
        #expect(abs(o.scaled(toWidth: 8, tokens: 50_000).learningRate - 8 * Float(2).squareRoot()) < 1e-4)
        #expect(o.scaled(toWidth: 8, tokens: 25_000).learningRate == 16)
        #expect(o.scaled(toWidth: 8, tokens: 1000).learningRate == 16, "capped at twice the width's rate")
        // The two rules multiply: d = 512 runs at 4, and a short run at 2·4.
        #expect(abs(o.scaled(toWidth: 512, tokens: 1000).learningRate - 8) < 1e-5)
        #expect(abs(o.scaled(toWidth: 512, tokens: 200_000).learningRate - 4) < 1e-5)
        // Two-sided: a floor below 1 lowers long runs by the same power law, down to the floor.
        o.horizonMinFactor = 0.5
        #expect(o.scaled(toWidth: 8, tokens: 100_000).learningRate == 8, "at the reference horizon: the width's rate")
        #expect(abs(o.scaled(toWidth: 8, tokens: 200_000).learningRate - 8 / Float(2).squareRoot()) < 1e-4)
        #expect(o.scaled(toWidth: 8, tokens: 400_000).learningRate == 4)
        #expect(o.scaled(toWidth: 8, tokens: 10_000_000).learningRate == 4, "floored at half the width's rate")
        #expect(o.scaled(toWidth: 8, tokens: 25_000).learningRate == 16, "short runs as before")
    }

    @Test func rejectsAnOutOfRangeHorizonRule() {
        for bad in ["optimizer.horizon_exponent=-0.5", "optimizer.reference_tokens=0", "optimizer.horizon_max_factor=0.5",
                    "optimizer.horizon_min_factor=0", "optimizer.horizon_min_factor=1.5", "optimizer.clip_norm=-1"] {
            let text = errorText { _ = try loadRuns(Self.isoYAML, overrides: [bad]) }
            let field = String(bad.split(separator: "=")[0])
            #expect(text.contains(field), "\(bad): \(text)")
        }
    }

    @Test func batchRuleByHorizon() {
        var t = TrainingSpec()
        t.batchSize = 64
        #expect(t.batchSize(forTokens: 1000) == 64, "no rule: the same batch at any length")
        t.batchHorizonExponent = 0.5
        t.batchReferenceTokens = 200_000
        t.minBatchSize = 16
        #expect(t.batchSize(forTokens: 200_000) == 64, "at the reference horizon: the file's batch")
        #expect(t.batchSize(forTokens: 5_000_000) == 64, "longer runs never get a larger batch")
        #expect(t.batchSize(forTokens: 50_000) == 32, "a quarter of the horizon: half the batch")
        #expect(t.batchSize(forTokens: 100_000) == 48, "64/√2 = 45.3, rounded to a multiple of 8")
        #expect(t.batchSize(forTokens: 12_500) == 16)
        #expect(t.batchSize(forTokens: 1000) == 16, "never below the smallest batch")
        t.minBatchSize = 100
        #expect(t.batchSize(forTokens: 1000) == 64, "never above the file's batch, even with a larger minimum")
    }

    @Test func theBatchRuleLeavesOtherRunKeysAlone() throws {
        // Off, the rule's fields are not encoded, so experiments without it keep their run keys;
        // on, they are part of the key.
        let off = try loadRuns(Self.isoYAML), on = try loadRuns(Self.isoYAML, overrides: [
            "training.batch_horizon_exponent=0.5", "training.batch_reference_tokens=100000"])
        let offAgain = try loadRuns(Self.isoYAML, overrides: ["training.batch_reference_tokens=100000"])
        #expect(off.map(\.key) == offAgain.map(\.key), "an unused reference horizon changes no key")
        #expect(Set(off.map(\.key)).isDisjoint(with: on.map(\.key)))
    }

    @Test func clippingLeavesOtherRunKeysAloneAndCountsItsSteps() throws {
        let off = try loadRuns(Self.isoYAML), on = try loadRuns(Self.isoYAML, overrides: ["optimizer.clip_norm=0.01"])
        #expect(Set(off.map(\.key)).isDisjoint(with: on.map(\.key)), "clipping is part of the run key")
        #expect(!off.contains { $0.config.canonicalJSON.contains("clip_norm") } && on.allSatisfy { $0.config.canonicalJSON.contains("clip_norm") })
        // A threshold far below any gradient's norm clips every step, and the run's record says so.
        let run = try tinyRun(["optimizer.clip_norm=1e-6"])
        let out = try RunExecutor.execute(run)
        #expect(out.clippedSteps == out.steps && out.steps > 0, "clipped \(String(describing: out.clippedSteps)) of \(out.steps)")
        #expect(try RunExecutor.execute(tinyRun([])).clippedSteps == nil, "no clipping: nothing recorded")
    }

    @Test func aShortRunTrainsWithTheRulesBatch() throws {
        // The run's checkpoints fall on its own batch's boundaries: the recorded steps say which batch it used.
        let run = try tinyRun(["training.batch_horizon_exponent=1", "training.batch_reference_tokens=100000000",
                               "training.min_batch_size=8"])
        let out = try RunExecutor.execute(run)
        #expect(run.experiment.training.batchSize(forTokens: out.tokensTrained) == 8)
        let last = out.rows.map(\.step).max() ?? 0
        #expect(last == (out.tokensTrained + 7) / 8, "steps \(last) for \(out.tokensTrained) tokens at batch 8")
    }

    @Test func rejectsAnOutOfRangeBatchRule() {
        for bad in ["training.batch_horizon_exponent=-1", "training.batch_horizon_exponent=3",
                    "training.batch_reference_tokens=0", "training.min_batch_size=0"] {
            let text = errorText { _ = try loadRuns(Self.isoYAML, overrides: [bad]) }
            let field = String(bad.split(separator: "=")[0])
            #expect(text.contains(field), "\(bad): \(text)")
        }
    }

    @Test func checkpointsSitOnBatchBoundaries() {
        // D = 1000, B = 64: the remainder 40 goes first, then boundaries at 40 + 64k.
        let marks = RunExecutor.batchAligned([63, 125, 250, 500, 1000], total: 1000, batchSize: 64)
        #expect(marks == [40, 104, 232, 488, 1000])
        #expect(marks.allSatisfy { $0 == 1000 || ($0 - 40) % 64 == 0 })
        // No remainder: plain multiples; fewer tokens than a batch: the one mark at the end.
        #expect(RunExecutor.batchAligned([100, 256], total: 256, batchSize: 64) == [128, 256])
        #expect(RunExecutor.batchAligned([10, 20], total: 20, batchSize: 64) == [20])
    }

    @Test func aRunRecordsItsCheckpointsAtTheAlignedCounts() throws {
        let run = try tinyRun(["training.checkpoints=4", "training.checkpoint_spacing=log"])
        let out = try RunExecutor.execute(run)
        let total = out.tokensTrained, r = total % 32
        let recorded = Array(Set(out.rows.map(\.tokensTrained))).sorted()
        #expect(recorded.count == 4 && recorded.last == total)
        #expect(recorded.allSatisfy { $0 == total || ($0 - r) % 32 == 0 }, "\(recorded), total \(total)")
        #expect(recorded == RunExecutor.batchAligned(RunExecutor.checkpoints(total: total, spec: run.experiment.training),
                                                     total: total, batchSize: 32))
    }
}
