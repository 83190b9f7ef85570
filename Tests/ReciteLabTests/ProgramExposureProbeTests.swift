// The exposure probe on a world of programs: exact match on the programs in the corpus after each
// spaced pass, per difficulty class, and the mean teacher-forced probability of their body tokens.
import Foundation
import ReciteCore
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

    @Test func aWorldWithoutFactsOrProgramsIsAnError() throws {
        let e = try tinyRun().experiment
        #expect(throws: LabError.self) { _ = try ExposureProbe(experiment: e, exposures: 2, forgettingSteps: 2).run() }
    }
}
