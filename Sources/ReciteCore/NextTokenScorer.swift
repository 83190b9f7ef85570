// What an evaluation needs from a model: log-probabilities of the next token for a batch of contexts.
// Both the log-bilinear and the recurrent-depth model (at a chosen test-time r) provide it.

/// A model fixed for evaluation, with its own scratch space.
public protocol NextTokenScorer: AnyObject {
    /// Context length `k` (tokens per context row, most recent first).
    var context: Int { get }
    /// Number of classes `V_out` (the width of a row of log-probabilities).
    var outputClasses: Int { get }
    /// Most contexts one call accepts.
    var capacity: Int { get }
    /// `n × V_out` log-softmax rows for `n ≤ capacity` contexts (`n × k`); valid until the next call.
    func logProbabilities(contexts: UnsafePointer<Int32>, count n: Int) -> UnsafeMutablePointer<Float>
    /// Mean cross-entropy (nats) and top-1 accuracy of `n` examples (`contexts` is `n × k`), in
    /// chunks of `capacity`. The default goes through `logProbabilities` and a scan of each row.
    func lossAndTop1(contexts: [Int32], targets: [Int32]) -> (loss: Double, top1: Double)
    /// `tokens[r]` = the first index of the largest log-probability of context `r` (greedy
    /// decoding), for `n ≤ capacity` contexts. The default scans `logProbabilities`.
    func greedyTokens(contexts: UnsafePointer<Int32>, count n: Int, into tokens: UnsafeMutablePointer<Int32>)
}

/// The log-bilinear model as a scorer.
public final class LogBilinearScorer: NextTokenScorer {
    public let model: LogBilinearModel
    public let workspace: Workspace
    public init(model: LogBilinearModel, workspace: Workspace) { self.model = model; self.workspace = workspace }
    public var context: Int { model.context }
    public var outputClasses: Int { model.outputClasses }
    public var capacity: Int { workspace.capacity }
    public func logProbabilities(contexts: UnsafePointer<Int32>, count n: Int) -> UnsafeMutablePointer<Float> {
        model.logProbabilities(contexts: contexts, count: n, workspace: workspace)
    }
    /// Through the fused evaluation kernel: one exp pass per row, no log-probabilities stored; the
    /// same bits as the default (tested in EvaluationKernelTests).
    public func lossAndTop1(contexts: [Int32], targets: [Int32]) -> (loss: Double, top1: Double) {
        model.evaluate(contexts: contexts, targets: targets, workspace: workspace)
    }
    /// Through the fused evaluation kernel (its arg-max; the target's log-probability is unused).
    public func greedyTokens(contexts: UnsafePointer<Int32>, count n: Int, into tokens: UnsafeMutablePointer<Int32>) {
        model.greedyTokens(contexts: contexts, count: n, workspace: workspace, into: tokens)
    }
}

/// The recurrent-depth model at a fixed test-time recurrence count `r`. The random initial states
/// come from `Xoshiro256(seed:stream: 72)`, reset by `reset()`, so one evaluation is reproducible.
public final class RecurrentScorer: NextTokenScorer {
    public let model: RecurrentDepthModel
    public let recurrences: Int
    public let workspace: RecurrentWorkspace
    public let seed: UInt64
    private var rng: Xoshiro256

    public init(model: RecurrentDepthModel, recurrences: Int, workspace: RecurrentWorkspace, seed: UInt64) {
        precondition(recurrences >= 1, "test-time recurrences must be ≥ 1")
        self.model = model; self.recurrences = recurrences; self.workspace = workspace; self.seed = seed
        rng = Xoshiro256(seed: seed, stream: 72)
    }

    /// Restarts the initial-state stream.
    public func reset() { rng = Xoshiro256(seed: seed, stream: 72) }

    public var context: Int { model.context }
    public var outputClasses: Int { model.outputClasses }
    public var capacity: Int { workspace.capacity }
    public func logProbabilities(contexts: UnsafePointer<Int32>, count n: Int) -> UnsafeMutablePointer<Float> {
        model.logProbabilities(contexts: contexts, count: n, recurrences: recurrences, rng: &rng, workspace: workspace)
    }
}

extension NextTokenScorer {
    /// The reference: log-probabilities, then a strict-greater scan from index 0.
    public func greedyTokens(contexts: UnsafePointer<Int32>, count n: Int, into tokens: UnsafeMutablePointer<Int32>) {
        let v = outputClasses, lp = logProbabilities(contexts: contexts, count: n)
        for r in 0..<n {
            let row = lp + r * v
            var best = 0, bestValue = row[0]
            for c in 1..<v where row[c] > bestValue { bestValue = row[c]; best = c }
            tokens[r] = Int32(best)
        }
    }

    /// The reference: log-probabilities, then a scan of each row for the target and the largest.
    public func lossAndTop1(contexts: [Int32], targets: [Int32]) -> (loss: Double, top1: Double) {
        let n = targets.count, k = context, v = outputClasses
        precondition(contexts.count == n * k, "contexts must hold \(n)×\(k) tokens")
        guard n > 0 else { return (.nan, .nan) }
        var loss = 0.0, hits = 0, start = 0
        contexts.withUnsafeBufferPointer { cp in
            while start < n {
                let m = min(capacity, n - start)
                let lp = logProbabilities(contexts: cp.baseAddress! + start * k, count: m)
                for r in 0..<m {
                    let row = lp + r * v, y = Int(targets[start + r])
                    loss -= Double(row[y])
                    var best = 0, bestValue = row[0]
                    for c in 1..<v where row[c] > bestValue { bestValue = row[c]; best = c }
                    if best == y { hits += 1 }
                }
                start += m
            }
        }
        return (loss / Double(n), Double(hits) / Double(n))
    }
}
