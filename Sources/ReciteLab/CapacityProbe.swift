// What a trained model knows about the facts (or programs) it was shown: the log-probability of
// each covered fact's true value, restricted to the value set (of each covered program's body
// tokens, teacher-forced, restricted to the body alphabet). `KnowledgeCapacity` (ReciteAnalysis) turns these
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

    /// One trained run's knowledge of its covered programs' bodies.
    public struct ProgramResult: Sendable {
        /// Per covered program, the natural-log probability of each true body token, renormalised
        /// over the body tokens, after the true prompt and the true tokens before it.
        public var tokenLogProbabilities: [[Double]]
        /// The same programs' body tokens' information under the body law (given the predecessor's
        /// idiom where bodies have idioms), in bits.
        public var information: [[Double]]
        /// Size of the body alphabet.
        public var alphabet: Int
        /// The model's exact parameter count.
        public var parameters: Int
        /// Programs in the corpus, and the share of evaluation mass (popularity) they carry.
        public var coveredPrograms: Int
        public var coverage: Double
        /// Exposures of each covered program (= recitations).
        public var exposures: Int
    }

    /// Trains `e` as `RunExecutor` would (one pass over its schedule, on `threads` threads) and scores
    /// its covered facts.
    public static func run(_ e: Experiment, threads: Int = 1) throws -> Result {
        let world = try RunExecutor.world(for: e)
        guard let kb = world.knowledge else {
            throw LabError.field(file: e.name, field: "world.facts", expected: "a world with facts (facts > 0)", found: "0")
        }
        let (model, corpus) = try train(e, world: world, threads: threads)
        let lp = logProbabilities(model, kb, facts: corpus.coveredFacts)
        return Result(logProbabilities: lp, valueCount: kb.valueTokens.count, parameters: model.parameterCount,
                      coveredFacts: corpus.coveredFacts.count, coverage: coverage(of: corpus.coveredFacts, popularity: kb.popularity),
                      exposures: e.data.recitations)
    }

    /// Trains `e` as `RunExecutor` would and scores its covered programs, token by token.
    public static func runPrograms(_ e: Experiment, threads: Int = 1) throws -> ProgramResult {
        let world = try RunExecutor.world(for: e)
        guard let ps = world.programs else {
            throw LabError.field(file: e.name, field: "world.programs", expected: "a world with programs (programs > 0)", found: "0")
        }
        let (model, corpus) = try train(e, world: world, threads: threads)
        let lp = bodyLogProbabilities(model, ps, programs: corpus.coveredPrograms)
        let information = ps.bodyInformation()
        return ProgramResult(tokenLogProbabilities: lp, information: corpus.coveredPrograms.map(information),
                             alphabet: ps.bodyTokens.count, parameters: model.parameterCount,
                             coveredPrograms: corpus.coveredPrograms.count,
                             coverage: coverage(of: corpus.coveredPrograms, popularity: ps.popularity), exposures: e.data.recitations)
    }

    /// The share of popularity mass (questions or evaluated programs) that `items` carry.
    public static func coverage(of items: [Int], popularity: AliasTable) -> Double {
        items.reduce(0.0) { $0 + popularity.probabilities[$1] }
    }

    /// The run `e` describes, trained: same world, corpus, initialisation and optimizer as `RunExecutor`.
    static func train(_ e: Experiment, world: World, threads: Int) throws -> (LogBilinearModel, Corpus) {
        let corpus = try Corpus(world: world, spec: RunExecutor.corpusSpec(for: e, vocabulary: world.vocabularySize))
        var initRNG = Xoshiro256(seed: UInt64(truncatingIfNeeded: e.seed), stream: 41)
        let model = LogBilinearModel(spec: e.model, vocabulary: world.vocabularySize, rng: &initRNG)
        let total = corpus.tokensTrained, b = e.training.batchSize(forTokens: total)
        let trainer = Trainer(model: model, optimizer: e.optimizer.scaled(toWidth: e.model.width, tokens: total), batchSize: b,
                              totalSteps: (total + b - 1) / b, threads: threads)
        var stream = ExampleStream(corpus: corpus)
        TrainingLoop(trainer: trainer, batchSize: b).train(&stream, count: corpus.tokensTrained)
        return (model, corpus)
    }

    /// Teacher-forced log p(true body token | prompt, true tokens before it), renormalised over the
    /// body tokens, for each token of each of `programs` (contexts as the exact-match decoder builds them).
    public static func bodyLogProbabilities(_ model: LogBilinearModel, _ ps: ProgramSet, programs: [Int]) -> [[Double]] {
        var contexts: [[Int32]] = [], targets: [Int32] = []
        for i in programs {
            var prefix = Array(ps.prompt(of: i))
            for t in ps.body(of: i) { contexts.append(prefix); targets.append(t); prefix.append(t) }
        }
        let flat = restrictedLogProbabilities(model, contexts: contexts, targets: targets,
                                              among: Int(ps.bodyTokens.lowerBound)..<Int(ps.bodyTokens.upperBound))
        var out: [[Double]] = [], at = 0
        for i in programs { out.append(Array(flat[at..<(at + ps.bodyLength(of: i))])); at += ps.bodyLength(of: i) }
        return out
    }

    /// log p(true value | key) renormalised over the value tokens, for each of `facts`.
    public static func logProbabilities(_ model: LogBilinearModel, _ kb: KnowledgeBase, facts: [Int]) -> [Double] {
        restrictedLogProbabilities(model, contexts: facts.map { kb.context(of: $0) }, targets: facts.map { kb.values[$0] },
                                   among: Int(kb.valueTokens.lowerBound)..<Int(kb.valueTokens.upperBound))
    }

    /// log p(`targets[i]` | the last tokens of `contexts[i]`), renormalised over `tokens`, in chunks of a workspace.
    static func restrictedLogProbabilities(_ model: LogBilinearModel, contexts: [[Int32]], targets: [Int32], among tokens: Range<Int>) -> [Double] {
        let ws = Workspace(model: model, capacity: 256), k = model.context, v = model.outputClasses
        var out: [Double] = [], start = 0
        out.reserveCapacity(targets.count)
        var ctx = [Int32](repeating: 0, count: ws.capacity * k)
        while start < targets.count {
            let n = min(ws.capacity, targets.count - start)
            ctx.withUnsafeMutableBufferPointer { c in
                for i in 0..<n { Evaluator.writeContext(contexts[start + i], length: k, into: c.baseAddress! + i * k) }
            }
            let lp = ctx.withUnsafeBufferPointer { model.logProbabilities(contexts: $0.baseAddress!, count: n, workspace: ws) }
            for i in 0..<n { out.append(restricted(lp + i * v, tokens, truth: Int(targets[start + i]))) }
            start += n
        }
        return out
    }

    /// log p(`truth`) in a row of log-probabilities, renormalised over `tokens` (a stable log-sum-exp).
    static func restricted(_ row: UnsafePointer<Float>, _ tokens: Range<Int>, truth: Int) -> Double {
        var m = -Double.infinity
        for t in tokens { m = max(m, Double(row[t])) }
        var s = 0.0
        for t in tokens { s += Foundation.exp(Double(row[t]) - m) }
        return Double(row[truth]) - m - Foundation.log(s)
    }
}
