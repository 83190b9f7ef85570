// What a trained model knows about the facts it was shown: the log-probability of each covered
// fact's true value, restricted to the value set. `KnowledgeCapacity` (ReciteAnalysis) turns these
// into bits stored (Allen-Zhu & Li 2024). The probe trains exactly the run an experiment describes
// (same world, corpus, model, optimizer and seed as `RunExecutor`), so its numbers belong to the
// figure's own runs.
import Foundation
import ReciteCore
import ReciteWorlds

public enum CapacityProbe {
    /// One trained run's knowledge of its covered facts.
    public struct Result: Sendable {
        /// Natural-log probability of each covered fact's true value among the values.
        public var logProbabilities: [Double]
        /// Size of the value set.
        public var valueCount: Int
        /// The model's exact parameter count.
        public var parameters: Int
        /// Facts in the corpus, and the share of question mass (popularity) they carry.
        public var coveredFacts: Int
        public var coverage: Double
        /// Exposures of each covered fact (= recitations).
        public var exposures: Int
    }

    /// Trains `e` as `RunExecutor` would (one pass over its schedule, on `threads` threads) and scores
    /// its covered facts.
    public static func run(_ e: Experiment, threads: Int = 1) throws -> Result {
        let world = try RunExecutor.world(for: e)
        guard let kb = world.knowledge else {
            throw LabError.field(file: e.name, field: "world.facts", expected: "a world with facts (facts > 0)", found: "0")
        }
        let corpus = try Corpus(world: world, spec: RunExecutor.corpusSpec(for: e, vocabulary: world.vocabularySize))
        var initRNG = Xoshiro256(seed: UInt64(truncatingIfNeeded: e.seed), stream: 41)
        let model = LogBilinearModel(spec: e.model, vocabulary: world.vocabularySize, rng: &initRNG)
        let b = e.training.batchSize
        let trainer = Trainer(model: model, optimizer: e.optimizer, batchSize: b, totalSteps: (corpus.tokensTrained + b - 1) / b,
                              threads: threads)
        var stream = ExampleStream(corpus: corpus)
        TrainingLoop(trainer: trainer, batchSize: b).train(&stream, count: corpus.tokensTrained)
        let lp = logProbabilities(model, kb, facts: corpus.coveredFacts)
        let mass = corpus.coveredFacts.reduce(0.0) { $0 + kb.popularity.probabilities[$1] }
        return Result(logProbabilities: lp, valueCount: kb.valueTokens.count, parameters: model.parameterCount,
                      coveredFacts: corpus.coveredFacts.count, coverage: mass, exposures: e.data.recitations)
    }

    /// log p(true value | key) renormalised over the value tokens, for each of `facts`.
    public static func logProbabilities(_ model: LogBilinearModel, _ kb: KnowledgeBase, facts: [Int]) -> [Double] {
        let ws = Workspace(model: model, capacity: 256), k = model.context, v = model.outputClasses
        let lo = Int(kb.valueTokens.lowerBound), hi = Int(kb.valueTokens.upperBound)
        var out: [Double] = [], start = 0
        var ctx = [Int32](repeating: 0, count: ws.capacity * k)
        while start < facts.count {
            let n = min(ws.capacity, facts.count - start)
            ctx.withUnsafeMutableBufferPointer { c in
                for i in 0..<n { Evaluator.writeContext(kb.context(of: facts[start + i]), length: k, into: c.baseAddress! + i * k) }
            }
            let lp = ctx.withUnsafeBufferPointer { model.logProbabilities(contexts: $0.baseAddress!, count: n, workspace: ws) }
            for i in 0..<n {
                let row = lp + i * v
                var m = -Double.infinity
                for t in lo..<hi { m = max(m, Double(row[t])) }
                var s = 0.0
                for t in lo..<hi { s += Foundation.exp(Double(row[t]) - m) }
                out.append(Double(row[Int(kb.values[facts[start + i]])]) - m - Foundation.log(s))
            }
            start += n
        }
        return out
    }
}
