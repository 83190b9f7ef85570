// The recurrent-step benchmark counts the model's exact FLOPs at the r it was asked for, runs at
// least the steps asked for, and trains (the loss of a fixed batch falls); nothing here is timed.
import Testing
@testable import ReciteCore

@Suite struct RecurrentBenchmarkTests {
    static let spec = ModelSpec(width: 4, context: 3, combine: .concat, bias: true,
                                recurrent: RecurrentSpec(stateWidth: 12, backpropDepth: 3))

    @Test func countsTheExactFlopsAtEachR() {
        for r in [1, 2, 5] {
            let t = Benchmark.recurrentTrainingStep(spec: Self.spec, inputVocabulary: 7, outputClasses: 7, batch: 5, recurrences: r,
                                                    optimizer: OptimizerSpec(), warmup: 1, minSteps: 3, minSeconds: 0)
            #expect(t.steps >= 3 && t.recurrences == r && t.batch == 5)
            #expect(t.flopsPerToken == Self.spec.recurrentTrainingFlopsPerToken(Self.spec.recurrent!, recurrences: r, outputClasses: 7))
            let f = Benchmark.recurrentInference(spec: Self.spec, inputVocabulary: 7, outputClasses: 7, batch: 5, recurrences: r,
                                                 warmup: 0, minSteps: 2, minSeconds: 0)
            #expect(f.steps >= 2)
            #expect(f.flopsPerToken == Self.spec.recurrentInferenceFlopsPerToken(Self.spec.recurrent!, recurrences: r, outputClasses: 7))
        }
        // Linear in r: each extra application adds 2·D² to inference.
        let a = Self.spec.recurrentInferenceFlopsPerToken(Self.spec.recurrent!, recurrences: 4, outputClasses: 7)
        let b = Self.spec.recurrentInferenceFlopsPerToken(Self.spec.recurrent!, recurrences: 5, outputClasses: 7)
        #expect(b - a == 2 * 12 * 12)
    }

    @Test func blockProductRateIsPositiveAndFinite() {
        let g = Benchmark.blockProductRate(batch: 3, state: 5, repeats: 1)
        #expect(g.isFinite && g > 0)
    }
}
