// The evaluations of the pointer-chasing task, built once from the run seed (streams disjoint
// from training's) and applied at every checkpoint and test-time r. None changes a parameter.
import ReciteCore
import ReciteWorlds

/// `loss`, `top1`, `mc` and `exact` on fresh pointer tables.
public final class PointerChaseEvaluator: @unchecked Sendable {
    public let metrics: [EvalKind]
    public let task: PointerChase
    let heldOut: (contexts: [Int32], targets: [Int32], depths: [Int])
    let questions: [(context: [Int32], options: [Int32], answer: Int, depth: Int)]
    let tables: [PointerTable]

    public init(task: PointerChase, spec: EvalSpec, seed: UInt64) {
        self.task = task
        metrics = spec.metrics
        var hrng = Xoshiro256(seed: seed, stream: 33)
        heldOut = metrics.contains(.loss) || metrics.contains(.top1)
            ? task.examples(count: max(spec.heldOutTokens, 1), rng: &hrng) : ([], [], [])
        var qrng = Xoshiro256(seed: seed, stream: 34)
        questions = metrics.contains(.mc) ? (0..<spec.questions).map { _ in task.question(&qrng) } : []
        var trng = Xoshiro256(seed: seed, stream: 35)
        tables = metrics.contains(.exact) ? (0..<spec.programs).map { _ in task.table(&trng) } : []
    }

    /// Every metric, in `metrics` order.
    public func evaluate(_ scorer: NextTokenScorer) -> [(EvalKind, Double)] {
        var lossTop1: (loss: Double, top1: Double)?
        return metrics.map { m in
            switch m {
            case .loss, .top1:
                if lossTop1 == nil { lossTop1 = scorer.lossAndTop1(contexts: heldOut.contexts, targets: heldOut.targets) }
                return (m, m == .loss ? lossTop1!.loss : lossTop1!.top1)
            case .mc: return (m, multipleChoice(scorer))
            case .exact: return (m, exact(scorer))
            }
        }
    }

    /// Share of questions whose true root has the highest log-likelihood among the four options;
    /// ties count 1/(number tied), so a model that cannot tell the roots apart scores 25%.
    /// `maxDepth`/`depth` restrict to questions whose start is at that depth (for calibration).
    public func multipleChoice(_ scorer: NextTokenScorer, depth: Int? = nil) -> Double {
        let items = depth.map { d in questions.filter { $0.depth == d } } ?? questions
        guard !items.isEmpty else { return .nan }
        let k = task.contextLength, v = scorer.outputClasses, cap = scorer.capacity
        var ctx = [Int32](repeating: 0, count: cap * k)
        var score = 0.0, start = 0
        while start < items.count {
            let n = min(cap, items.count - start)
            for i in 0..<n { for j in 0..<k { ctx[i * k + j] = items[start + i].context[j] } }
            let lp = ctx.withUnsafeBufferPointer { scorer.logProbabilities(contexts: $0.baseAddress!, count: n) }
            for i in 0..<n {
                let q = items[start + i], row = lp + i * v
                let truth = row[Int(q.options[q.answer])]
                var better = 0, tied = 0
                for (o, t) in q.options.enumerated() where o != q.answer {
                    if row[Int(t)] > truth { better += 1 } else if row[Int(t)] == truth { tied += 1 }
                }
                if better == 0 { score += 1 / Double(tied + 1) }
            }
            start += n
        }
        return score / Double(items.count)
    }

    /// Share of tables for which greedy decoding (argmax over the whole vocabulary) gives the
    /// right root for every node a question may start from (every non-root, or with
    /// `starts: deepest` the nodes at depth L).
    public func exact(_ scorer: NextTokenScorer) -> Double {
        guard !tables.isEmpty else { return .nan }
        let k = task.contextLength, v = scorer.outputClasses, m = task.spec.nodes
        let perTable = task.startsPerTable
        let tablesPerCall = max(scorer.capacity / perTable, 1)
        var ctx = [Int32](repeating: 0, count: tablesPerCall * perTable * k)
        var truth = [Int32](repeating: 0, count: tablesPerCall * perTable)
        var passed = 0, start = 0
        while start < tables.count {
            let nt = min(tablesPerCall, tables.count - start)
            var row = 0
            ctx.withUnsafeMutableBufferPointer { c in
                for t in 0..<nt {
                    let table = tables[start + t]
                    for node in 1...m where task.isStart(depth: table.depth[node - 1]) {
                        task.writeContext(table, start: Int32(node), into: c.baseAddress! + row * k)
                        truth[row] = table.rootOf[node - 1]; row += 1
                    }
                }
            }
            let lp = ctx.withUnsafeBufferPointer { scorer.logProbabilities(contexts: $0.baseAddress!, count: row) }
            for t in 0..<nt {
                var ok = true
                for q in 0..<perTable {
                    let r = t * perTable + q, p = lp + r * v
                    var best = 0, bestValue = p[0]
                    for c in 1..<v where p[c] > bestValue { bestValue = p[c]; best = c }
                    if Int32(best) != truth[r] { ok = false }
                }
                if ok { passed += 1 }
            }
            start += nt
        }
        return Double(passed) / Double(tables.count)
    }
}
