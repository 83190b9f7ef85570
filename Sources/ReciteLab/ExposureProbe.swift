// The two teaching measurements behind the recitation figures, taken from real training:
//   1. the learning threshold — multiple-choice score of the facts in the corpus after each of
//      their exposures (spaced passes), and
//   2. forgetting — the same score as training continues on fresh background text only, against
//      the steps since the facts' last exposure (the protocol of Chang et al. 2024: inject
//      knowledge, keep pretraining, watch it fade).
import ReciteCore
import ReciteWorlds

public struct ExposureProbe: Sendable {
    /// One measurement: after `exposures` presentations of every fact, `steps` steps since the last.
    public struct Point: Sendable, Hashable {
        public var exposures: Int
        public var stepsSinceLastExposure: Int
        /// Multiple-choice score on the facts in the corpus (chance 25%), or exact match on the
        /// programs in the corpus in a world of programs.
        public var score: Double
        /// Mean probability the model gives the true value after the key.
        public var probability: Double
        /// Multiple-choice score per difficulty class (`KnowledgeBase.difficultyClasses` order).
        public var classScores: [Double] = []
    }

    public var experiment: Experiment
    /// Exposures of each fact in the first phase.
    public var exposures: Int
    /// Steps of background-only training in the second phase, measured `forgettingPoints` times.
    public var forgettingSteps: Int
    public var forgettingPoints: Int
    /// Threads each training step runs on.
    public var threads: Int

    public init(experiment: Experiment, exposures: Int = 32, forgettingSteps: Int = 4096, forgettingPoints: Int = 16, threads: Int = 1) {
        self.experiment = experiment; self.exposures = exposures; self.threads = threads
        self.forgettingSteps = forgettingSteps; self.forgettingPoints = forgettingPoints
    }

    /// Names of the difficulty classes of `classScores`, filled by `run()`'s world.
    public static func classNames(of kb: KnowledgeBase) -> [String] { kb.difficultyClasses.names }

    /// Names of the difficulty classes of `classScores` in a world of programs (no facts).
    public static func classNames(of programs: ProgramSet) -> [String] { programs.difficultyClasses.names }

    /// Names of the difficulty classes `run()` reports for `world`: its facts', else its programs'.
    public static func classNames(of world: World) -> [String] {
        world.knowledge.map { classNames(of: $0) } ?? world.programs.map { classNames(of: $0) } ?? []
    }

    /// Runs both phases; returns (threshold curve, forgetting curve). In a world with facts the
    /// score is multiple choice on the facts in the corpus; in one with programs only, exact match
    /// on the programs in the corpus (and `probability` the mean teacher-forced p of a body token).
    public func run() throws -> (learning: [Point], forgetting: [Point]) {
        let e = experiment
        let world = try RunExecutor.world(for: e)
        guard world.knowledge != nil || world.programs != nil else {
            throw LabError.field(file: e.name, field: "world.facts", expected: "a world with facts or programs (facts > 0 or programs > 0)", found: "0")
        }
        var spec = RunExecutor.corpusSpec(for: e, vocabulary: world.vocabularySize)
        spec.recitations = exposures; spec.schedule = .spaced; spec.regime = .fixedData
        let corpus = try Corpus(world: world, spec: spec)
        var initRNG = Xoshiro256(seed: UInt64(truncatingIfNeeded: e.seed), stream: 41)
        let model = LogBilinearModel(spec: e.model, vocabulary: world.vocabularySize, rng: &initRNG)
        // The batch and rate rules (width, horizon) as the runs apply them, for the probe's own corpus.
        let b = e.training.batchSize(forTokens: corpus.tokensTrained), k = e.model.context
        let trainer = Trainer(model: model, optimizer: e.optimizer.scaled(toWidth: e.model.width, tokens: corpus.tokensTrained), batchSize: b,
                              totalSteps: (corpus.tokensTrained + b - 1) / b + forgettingSteps, threads: threads)
        let evaluator = Evaluator(world: world, model: model, spec: e.evals, sentenceLength: e.data.sentenceLength,
                                  seed: UInt64(truncatingIfNeeded: e.seed))
        let ws = Workspace(model: model, capacity: 256)
        /// The measurement after `n` exposures: the score of all items, of each difficulty class, and
        /// the mean probability of the true answer (facts' questions or programs, the same way).
        func measuring<Item>(_ items: [Item], classes: (names: [String], of: [Int]), classOf: @escaping (Item) -> Int,
                             score: @escaping ([Item]) -> Double, probability: @escaping () -> Double) -> (Int, Int) -> Point {
            let byClass = (0..<classes.names.count).map { c in items.filter { classes.of[classOf($0)] == c } }
            return { n, since in
                Point(exposures: n, stepsSinceLastExposure: since, score: score(items), probability: probability(),
                      classScores: byClass.map { $0.isEmpty ? .nan : score($0) })
            }
        }
        let measure: (Int, Int) -> Point
        if let kb = world.knowledge {
            var qrng = Xoshiro256(seed: UInt64(truncatingIfNeeded: e.seed), stream: 33)
            let questions = corpus.coveredFacts.map { kb.question(about: $0, rng: &qrng) }
            measure = measuring(questions, classes: kb.difficultyClasses, classOf: { $0.fact },
                                score: { evaluator.multipleChoice(model, questions: $0) },
                                probability: { meanProbability(model, questions, ws, k) })
        } else {
            let ps = world.programs!
            let items = corpus.coveredPrograms.map { ps.item(of: $0) }
            measure = measuring(items, classes: ps.difficultyClasses, classOf: { $0.program },
                                score: { evaluator.exactMatch(model, programs: $0) },
                                probability: { meanBodyProbability(model, items, ws, k) })
        }
        let loop = TrainingLoop(trainer: trainer, batchSize: b)
        var learning = [measure(0, 0)]
        var stream = ExampleStream(corpus: corpus)
        for pass in 1...exposures {
            loop.train(&stream, count: corpus.uniqueTokens)
            learning.append(measure(pass, 0))
        }
        var background = spec
        background.backgroundFraction = 1; background.recitations = 1
        background.budget = forgettingSteps * b; background.seed = spec.seed &+ 1_000_003
        var fresh = ExampleStream(corpus: try Corpus(world: world, spec: background))
        var forgetting = [measure(exposures, 0)]
        let chunk = max(forgettingSteps / max(forgettingPoints, 1), 1)
        var steps = 0
        while steps < forgettingSteps {
            loop.train(&fresh, count: chunk * b)
            steps += chunk
            forgetting.append(measure(exposures, steps))
        }
        return (learning, forgetting)
    }

    /// Mean probability of each body token given the prompt and the true tokens before it.
    func meanBodyProbability(_ model: LogBilinearModel, _ items: [ProgramItem], _ ws: Workspace, _ k: Int) -> Double {
        var prefixes: [[Int32]] = [], targets: [Int32] = []
        for p in items {
            for j in 0..<p.body.count { prefixes.append(p.prompt + p.body[..<j]); targets.append(p.body[j]) }
        }
        return meanTargetProbability(model, contexts: prefixes, targets: targets, ws, k)
    }

    /// Mean probability of each question's true value given its key.
    func meanProbability(_ model: LogBilinearModel, _ qs: [MultipleChoiceQuestion], _ ws: Workspace, _ k: Int) -> Double {
        meanTargetProbability(model, contexts: qs.map(\.context), targets: qs.map { $0.options[$0.answer] }, ws, k)
    }

    /// Mean model probability of `targets[i]` after `contexts[i]` (the last `k` tokens), in chunks of the workspace.
    func meanTargetProbability(_ model: LogBilinearModel, contexts: [[Int32]], targets: [Int32], _ ws: Workspace, _ k: Int) -> Double {
        guard !targets.isEmpty else { return .nan }
        var total = 0.0, start = 0
        var ctx = [Int32](repeating: 0, count: ws.capacity * k)
        while start < targets.count {
            let n = min(ws.capacity, targets.count - start)
            ctx.withUnsafeMutableBufferPointer { c in
                for i in 0..<n { Evaluator.writeContext(contexts[start + i], length: k, into: c.baseAddress! + i * k) }
            }
            let lp = ctx.withUnsafeBufferPointer { model.logProbabilities(contexts: $0.baseAddress!, count: n, workspace: ws) }
            for i in 0..<n { total += Double(lp[i * model.outputClasses + Int(targets[start + i])]).exponentiated() }
            start += n
        }
        return total / Double(targets.count)
    }
}

extension Double {
    func exponentiated() -> Double { Double(Float(self).exponentiated()) }
}

extension Float {
    func exponentiated() -> Float { Softmax.exp(self) }
}
