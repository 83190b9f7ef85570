// The exposure probe on a world of programs: exact match on the programs in the corpus after each
// spaced pass, per difficulty class, and the mean teacher-forced probability of their body tokens.
import Foundation
import ReciteCore
import ReciteWorlds
import Testing
@testable import ReciteLab

@Suite struct ProgramExposureProbeTests {
    static let yaml = """
        name: tiny-programs
        seed: 1
        world:
          background: {vocabulary: 64}
          programs: 64
          program_length: 3
          program_body_exponent: 0.75
          program_prompt_length: 2
          program_prompt_pool: 32
        model: {width: 8, context: 4, output_init_scale: 3}
        optimizer: {kind: adamw, learning_rate: 0.02}
        data: {regime: fixed-data, unique_tokens: 400, recitations: 1, sentence_length: 16}
        training: {batch_size: 32}
        evals: {metrics: [exact], programs: 100}
        """

    @Test func programsAreScoredByExactMatchAfterEveryPass() throws {
        let e = try loadRuns(Self.yaml)[0].experiment
        let probe = ExposureProbe(experiment: e, exposures: 16, forgettingSteps: 8, forgettingPoints: 2)
        let (learning, forgetting) = try probe.run()
        #expect(learning.map(\.exposures) == Array(0...16))
        #expect(forgetting.count == 3)
        #expect(learning[0].score == 0)  // nothing memorised before the first exposure
        #expect(learning.allSatisfy { $0.score >= 0 && $0.score <= 1 && $0.classScores.count == 3 })
        // p(true body token) starts near 1/V and grows with exposures.
        #expect(learning[0].probability < 0.05 && learning[16].probability > 2 * learning[0].probability)
        let world = try RunExecutor.world(for: e)
        #expect(ExposureProbe.classNames(of: world).count == 3)
    }

    @Test func capacityOfProgramsGrowsWithExposuresAndIsScoredTokenByToken() throws {
        // Every program in the corpus (64 programs of 3 tokens + 2-token prompts, half background).
        func stored(_ exposures: Int) throws -> (CapacityProbe.ProgramResult, bits: Double, maximum: Double) {
            let e = try loadRuns(Self.yaml, overrides: ["data.unique_tokens=720", "data.recitations=\(exposures)", "data.schedule=spaced"])[0].experiment
            let r = try CapacityProbe.runPrograms(e, threads: 1)
            var bits = 0.0, maximum = 0.0
            for (lp, info) in zip(r.tokenLogProbabilities, r.information) {
                for (l, i) in zip(lp, info) { #expect(l <= 1e-9 && i > 0); bits += i + l / log(2); maximum += i }
            }
            return (r, bits, maximum)
        }
        let (one, oneBits, maximum) = try stored(1)
        #expect(one.coveredPrograms == 64 && abs(one.coverage - 1) < 1e-9 && one.alphabet == 64)
        #expect(one.tokenLogProbabilities.allSatisfy { $0.count == 3 } && one.information.allSatisfy { $0.count == 3 })
        let (_, manyBits, _) = try stored(32)
        #expect(manyBits > oneBits + 0.2 * maximum, "one exposure \(oneBits), 32 exposures \(manyBits) of \(maximum) bits")
        #expect(manyBits <= maximum)
        // The facts probe refuses a world without facts, and the program probe one without programs.
        #expect(throws: LabError.self) { _ = try CapacityProbe.run(try loadRuns(Self.yaml)[0].experiment) }
        #expect(throws: LabError.self) { _ = try CapacityProbe.runPrograms(try tinyRun().experiment) }
    }

    @Test func probesTrainAtTheRateTheRulesGiveTheRun() throws {
        // Width 16 under a two-sided 1/d rule from width 8 is width 16 at half the rate, bit for bit,
        // in the exposure probe and in the capacity probe (as in `RunExecutor`).
        let rule = ["model.width=16", "optimizer.width_exponent=1", "optimizer.reference_width=8", "optimizer.width_rule_two_sided=true"]
        let plain = ["model.width=16", "optimizer.learning_rate=0.01"]
        func response(_ o: [String]) throws -> [Double] {
            let e = try loadRuns(Self.yaml, overrides: o)[0].experiment
            return try ExposureProbe(experiment: e, exposures: 8, forgettingSteps: 4, forgettingPoints: 1).run().learning.map(\.probability)
        }
        let ruled = try response(rule)
        #expect(ruled == (try response(plain)))
        #expect(ruled != (try response(["model.width=16"])), "the rule must change the rate")
        func stored(_ o: [String]) throws -> [[Double]] {
            let e = try loadRuns(Self.yaml, overrides: o + ["data.recitations=4", "data.schedule=spaced"])[0].experiment
            return try CapacityProbe.runPrograms(e, threads: 1).tokenLogProbabilities
        }
        #expect(try stored(rule) == (try stored(plain)))
    }

    @Test func aWorldWithoutFactsOrProgramsIsAnError() throws {
        let e = try tinyRun().experiment
        #expect(throws: LabError.self) { _ = try ExposureProbe(experiment: e, exposures: 2, forgettingSteps: 2).run() }
    }
}

/// Exact match on bodies of different lengths in one batch: each program is decoded for its own
/// length (a scorer that always answers token 1 passes exactly the all-1 bodies, whatever their length).
@Suite struct VaryingLengthExactMatchTests {
    final class ConstantScorer: NextTokenScorer {
        let rows = FloatBuffer(count: 256 * 8)
        var context: Int { 4 }
        var outputClasses: Int { 8 }
        var capacity: Int { 256 }
        func logProbabilities(contexts: UnsafePointer<Int32>, count n: Int) -> UnsafeMutablePointer<Float> {
            for i in 0..<n { for y in 0..<8 { rows[i * 8 + y] = y == 1 ? 0 : -30 } }
            return rows.base
        }
    }

    @Test func eachBodyIsDecodedForItsOwnLength() throws {
        let world = try World(spec: WorldSpec(background: LanguageSpec(vocabulary: 6, successors: 3), programs: 4, programLength: 3, seed: 1))
        let evaluator = Evaluator(world: world, context: 4, spec: EvalSpec(), sentenceLength: 8, seed: 1)
        let items = [[1], [1, 1, 1], [1, 2], [2], [1, 1], [3, 1, 1]].enumerated().map {
            ProgramItem(program: $0.offset, prompt: [7], body: $0.element.map(Int32.init))
        }
        #expect(evaluator.exactMatch(ConstantScorer(), programs: items) == 3.0 / 6.0)
        // The same items in another order (a long body first) score the same.
        #expect(evaluator.exactMatch(ConstantScorer(), programs: items.reversed()) == 3.0 / 6.0)
    }
}
