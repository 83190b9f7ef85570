// The exact held-out expectation (`evals.held_out_estimate: exact`): the language itself scores the
// floor, a uniform model ln V, a trained model what a large sample says, and the loader refuses it
// where it is not defined.
import Foundation
import ReciteCore
import ReciteWorlds
import Testing
@testable import ReciteLab

/// A scorer that returns fixed log-probabilities per context: the language's own, or uniform.
final class TableScorer: NextTokenScorer {
    let outputClasses: Int
    let capacity = 7  // odd, so the expectation's chunks end mid-way through the contexts
    let context = 1
    let rows: (Int32) -> [Float]
    private var buffer: [Float]

    init(outputClasses: Int, rows: @escaping (Int32) -> [Float]) {
        self.outputClasses = outputClasses; self.rows = rows
        buffer = [Float](repeating: 0, count: capacity * outputClasses)
    }

    func logProbabilities(contexts: UnsafePointer<Int32>, count n: Int) -> UnsafeMutablePointer<Float> {
        for r in 0..<n { buffer.replaceSubrange((r * outputClasses)..<((r + 1) * outputClasses), with: rows(contexts[r])) }
        return buffer.withUnsafeMutableBufferPointer { $0.baseAddress! }
    }
}

@Suite struct ExactHeldOutTests {
    static let world = try! World(spec: WorldSpec(background: LanguageSpec(vocabulary: 50, successors: 5, structure: 0.8), seed: 3))

    /// The language's own log-probabilities over the world's vocabulary (BOS gets −∞ → a very small number).
    static func oracle(_ x: Int32) -> [Float] {
        let l = world.background, v = world.vocabularySize
        var row = [Float](repeating: -80, count: v)
        for (i, p) in l.conditional(after: x).enumerated() { row[Int(l.offset) + i] = Float(log(p)) }
        return row
    }

    @Test func theLanguageItselfScoresTheFloor() {
        let exact = ExactHeldOut(world: Self.world, sentenceLength: 16)
        let total = (0..<exact.contexts.count).map { exact.share(ofContext: $0) }.reduce(0, +)
        #expect(abs(total - 1) < 1e-12, "the context shares are a distribution: \(total)")
        let (loss, top1) = exact.lossAndTop1(TableScorer(outputClasses: Self.world.vocabularySize, rows: Self.oracle))
        let floor = Self.world.background.sentenceEntropy(length: 16)
        #expect(abs(loss - floor) < 1e-5, "loss \(loss) vs floor \(floor)")
        // Greedy decoding of the language: each context's most likely token, weighted by the context.
        let l = Self.world.background, pi = l.stationaryDistribution
        var expected = pi.max()! / 16
        for i in 0..<l.count { expected += 15.0 / 16 * pi[i] * l.conditional(after: l.offset + Int32(i)).max()! }
        #expect(abs(top1 - expected) < 1e-6, "top1 \(top1) vs \(expected)")
    }

    @Test func theSparseExpectationMatchesTheDenseOne() {
        // Any row of values, indexed by token id: the sparse + rank-one sum equals Σ_y P(y|x)·values[y].
        let l = Self.world.background, v = Self.world.vocabularySize
        let values = (0..<v).map { Float(sin(Double($0) * 1.7) * 3) }
        for x in [Int32(0), l.offset, l.offset + 7, l.offset + Int32(l.count - 1)] {
            let dense = zip(l.conditional(after: x), values[Int(l.offset)...]).map { $0 * Double($1) }.reduce(0, +)
            let sparse = values.withUnsafeBufferPointer { l.expectation(of: $0.baseAddress!, after: x) }
            #expect(abs(sparse - dense) < 1e-9, "x = \(x): \(sparse) vs \(dense)")
        }
    }

    @Test func aUniformModelScoresLnV() {
        let v = Self.world.vocabularySize
        let uniform = [Float](repeating: -Float(log(Double(v))), count: v)
        let (loss, top1) = ExactHeldOut(world: Self.world, sentenceLength: 8).lossAndTop1(TableScorer(outputClasses: v) { _ in uniform })
        #expect(abs(loss - log(Double(v))) < 1e-5)
        #expect(top1 == 0, "greedy picks id 0 (BOS), which the language never emits")
    }

    @Test func aTrainedModelScoresWhatALargeSampleSays() throws {
        // The same trained model, scored on 256 sampled tokens (the tiny run) and on 400k: the exact
        // value sits within a few standard errors of the large sample and need not of the small one.
        let run = try tinyRun(["evals.held_out_estimate=exact"])
        let exact = try RunExecutor.execute(run).rows.last { $0.eval == .loss }!.value
        let sampled = try tinyRun(["evals.held_out_tokens=400000"])
        let big = try RunExecutor.execute(sampled).rows.last { $0.eval == .loss }!.value
        #expect(abs(exact - big) < 0.01, "exact \(exact) vs 400k sampled tokens \(big)")
        let floor = try RunExecutor.world(for: run.experiment).background.sentenceEntropy(length: 16)
        #expect(exact > floor, "a trained model stays above the floor: \(exact) vs \(floor)")
    }

    @Test func theLoaderRefusesItWithLongerContexts() {
        let text = errorText { _ = try tinyRun(["evals.held_out_estimate=exact", "model.context=2"]) }
        #expect(text.contains("evals.held_out_estimate") && text.contains("model.context = 2"), "\(text)")
        let bad = errorText { _ = try tinyRun(["evals.held_out_estimate=exactly"]) }
        #expect(bad.contains("evals.held_out_estimate") && bad.contains("sampled"), "\(bad)")
    }

    @Test func samplingRunsKeepTheirKeys() throws {
        let plain = try tinyRun(), sampled = try tinyRun(["evals.held_out_estimate=sampled"])
        let exact = try tinyRun(["evals.held_out_estimate=exact"])
        #expect(plain.key == sampled.key, "the default is not written into the key")
        #expect(plain.key != exact.key)
    }
}
