// The evaluations of a run, built once (held-out text, questions, programs) and applied at every
// checkpoint. None of them changes a parameter.
import ReciteCore
import ReciteWorlds

/// Evaluates one model on a world's held-out text, multiple-choice questions and programs.
public final class Evaluator: @unchecked Sendable {
    public let metrics: [EvalKind]
    let heldOut: ExampleArrays?
    /// The expectation that replaces `heldOut` under `evals.held_out_estimate: exact`.
    let exactHeldOut: ExactHeldOut?
    let questions: [MultipleChoiceQuestion]
    let programs: [ProgramItem]
    /// Scratch space for the log-bilinear entry points (nil when built for another scorer).
    let workspace: Workspace?
    let context: Int

    /// Builds the evaluation sets from `seed` (streams disjoint from training's).
    public convenience init(world: World, model: LogBilinearModel, spec: EvalSpec, sentenceLength: Int, seed: UInt64) {
        self.init(world: world, context: model.context, spec: spec, sentenceLength: sentenceLength, seed: seed,
                  workspace: Workspace(model: model, capacity: 256))
    }

    /// Builds the evaluation sets for models of context length `context`, scored through
    /// `evaluate(scorer:)` (`workspace` serves the log-bilinear entry points).
    public init(world: World, context: Int, spec: EvalSpec, sentenceLength: Int, seed: UInt64, workspace: Workspace? = nil) {
        self.context = context
        var wanted = spec.metrics
        if world.knowledge == nil { wanted.removeAll { $0 == .mc } }
        if world.programs == nil { wanted.removeAll { $0 == .exact } }
        metrics = wanted
        let length = max(sentenceLength, 2)
        let scoresText = wanted.contains(.loss) || wanted.contains(.top1)
        heldOut = scoresText && spec.heldOutEstimate == .sampled
            ? ExampleArrays.heldOutBackground(world: world, sentences: max(spec.heldOutTokens / length, 1), length: length,
                                              contextLength: context, seed: seed)
            : nil
        exactHeldOut = scoresText && spec.heldOutEstimate == .exact ? ExactHeldOut(world: world, sentenceLength: length) : nil
        var qrng = Xoshiro256(seed: seed, stream: 31)
        questions = wanted.contains(.mc) ? world.knowledge!.questions(count: spec.questions, rng: &qrng) : []
        var prng = Xoshiro256(seed: seed, stream: 32)
        programs = wanted.contains(.exact) ? world.programs!.evalItems(count: spec.programs, rng: &prng) : []
        self.workspace = workspace
    }

    /// Every metric, in `metrics` order.
    public func evaluate(_ model: LogBilinearModel) -> [(EvalKind, Double)] {
        evaluate(scorer: LogBilinearScorer(model: model, workspace: workspace!))
    }

    /// Every metric of any scorer (e.g. a recurrent-depth model at one test-time r), in `metrics` order.
    public func evaluate(scorer model: NextTokenScorer) -> [(EvalKind, Double)] {
        precondition(model.context == context, "scorer context \(model.context) differs from the evaluator's \(context)")
        var lossTop1: (loss: Double, top1: Double)?
        return metrics.map { m in
            switch m {
            case .loss, .top1:
                if lossTop1 == nil {
                    lossTop1 = exactHeldOut.map { $0.lossAndTop1(model) }
                        ?? model.lossAndTop1(contexts: heldOut!.contexts, targets: heldOut!.targets)
                }
                return (m, m == .loss ? lossTop1!.loss : lossTop1!.top1)
            case .mc: return (m, multipleChoice(model))
            case .exact: return (m, exactMatch(model))
            }
        }
    }

    /// Writes the model context (most recent first, BOS-padded) for a unit prefix.
    @inline(__always)
    func writeContext(_ prefix: [Int32], into row: UnsafeMutablePointer<Int32>) {
        Evaluator.writeContext(prefix, length: context, into: row)
    }

    /// Writes the `length` tokens before the end of `prefix`, most recent first, BOS-padded.
    @inline(__always)
    static func writeContext(_ prefix: [Int32], length: Int, into row: UnsafeMutablePointer<Int32>) {
        for j in 0..<length {
            let i = prefix.count - 1 - j
            row[j] = i >= 0 ? prefix[i] : World.bos
        }
    }

    /// Share of questions whose true option has the highest log-likelihood; ties count as
    /// 1/(number tied), the expectation under random tie-breaking, so a model with no knowledge
    /// scores chance rather than whatever a fixed tie rule gives.
    func multipleChoice(_ model: NextTokenScorer) -> Double { multipleChoice(model, questions: questions) }

    /// Multiple-choice score of `model` on the given questions (see `multipleChoice(_:)`).
    public func multipleChoice(_ model: LogBilinearModel, questions: [MultipleChoiceQuestion]) -> Double {
        multipleChoice(LogBilinearScorer(model: model, workspace: workspace!), questions: questions)
    }

    /// Multiple-choice score of any scorer on the given questions.
    public func multipleChoice(_ model: NextTokenScorer, questions: [MultipleChoiceQuestion]) -> Double {
        guard !questions.isEmpty else { return .nan }
        let v = model.outputClasses, cap = model.capacity
        var ctx = [Int32](repeating: 0, count: cap * context)
        var score = 0.0
        var start = 0
        while start < questions.count {
            let n = min(cap, questions.count - start)
            ctx.withUnsafeMutableBufferPointer { c in
                for i in 0..<n { writeContext(questions[start + i].context, into: c.baseAddress! + i * context) }
            }
            let lp = ctx.withUnsafeBufferPointer { model.logProbabilities(contexts: $0.baseAddress!, count: n) }
            for i in 0..<n {
                let q = questions[start + i], row = lp + i * v
                let truth = row[Int(q.options[q.answer])]
                var better = 0, tied = 0
                for (o, t) in q.options.enumerated() where o != q.answer {
                    let s = row[Int(t)]
                    if s > truth { better += 1 } else if s == truth { tied += 1 }
                }
                if better == 0 { score += 1 / Double(tied + 1) }
            }
            start += n
        }
        return score / Double(questions.count)
    }

    /// Share of programs whose every body token is reproduced by greedy decoding from the prompt.
    func exactMatch(_ model: NextTokenScorer) -> Double { exactMatch(model, programs: programs) }

    /// Exact-match rate of `model` on the given programs (see `exactMatch(_:)`).
    public func exactMatch(_ model: LogBilinearModel, programs: [ProgramItem]) -> Double {
        exactMatch(LogBilinearScorer(model: model, workspace: workspace!), programs: programs)
    }

    /// Exact-match rate of any scorer on the given programs (bodies of any lengths: a program
    /// whose body is done stops decoding and has passed).
    public func exactMatch(_ model: NextTokenScorer, programs: [ProgramItem]) -> Double {
        guard !programs.isEmpty else { return .nan }
        let cap = model.capacity
        var ctx = [Int32](repeating: 0, count: cap * context), greedy = [Int32](repeating: 0, count: cap)
        var passed = 0
        var start = 0
        while start < programs.count {
            let n = min(cap, programs.count - start)
            var alive = Array(0..<n)
            var prefixes = (0..<n).map { programs[start + $0].prompt }
            let length = (0..<n).map { programs[start + $0].body.count }.max()!
            for pos in 0..<length where !alive.isEmpty {
                // Bodies already reproduced in full have passed; the rest decode one more token.
                let done = alive.filter { programs[start + $0].body.count <= pos }
                passed += done.count
                if !done.isEmpty { alive.removeAll { programs[start + $0].body.count <= pos } }
                if alive.isEmpty { break }
                ctx.withUnsafeMutableBufferPointer { c in
                    for (slot, i) in alive.enumerated() { writeContext(prefixes[i], into: c.baseAddress! + slot * context) }
                }
                ctx.withUnsafeBufferPointer { c in
                    greedy.withUnsafeMutableBufferPointer { model.greedyTokens(contexts: c.baseAddress!, count: alive.count, into: $0.baseAddress!) }
                }
                var still: [Int] = []
                for (slot, i) in alive.enumerated() {
                    let truth = programs[start + i].body[pos]
                    if greedy[slot] == truth { prefixes[i].append(truth); still.append(i) }
                }
                alive = still
            }
            passed += alive.count
            start += n
        }
        return Double(passed) / Double(programs.count)
    }
}
