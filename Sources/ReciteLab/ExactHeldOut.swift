// Held-out loss and top-1 as expectations over the background language (`evals.held_out_estimate:
// exact`), for models that see one token of context. A held-out sentence of L tokens starts after
// BOS with a token drawn from the stationary law π, and every later position has marginal π too,
// so the expected loss per token is
//   (1/L)·CE(π, q(·|BOS)) + ((L−1)/L)·Σ_x π(x)·CE(P(·|x), q(·|x)),
// a sum over V + 1 contexts and V targets: about a million terms, fewer exps than scoring 8,192
// sampled tokens, and no sampling error. The floor `sentenceEntropy(length:)` is the same sum with
// q = P, so loss − floor is exactly the model's expected KL to the language.
import ReciteCore
import ReciteWorlds

/// The weights of the expectation, built once per run; `evaluate` applies them to a scorer.
struct ExactHeldOut {
    /// The contexts scored: BOS, then the background tokens in id order.
    let contexts: [Int32]
    /// Background token ids (the targets with nonzero probability), in id order.
    let targets: [Int32]
    /// Row-major `contexts.count × targets.count`: the weight of log q(target | context) in the
    /// expected loss; the rows sum to the context's share of positions, and all of them to 1.
    let weights: [Double]

    init(world: World, sentenceLength: Int) {
        let language = world.background, n = language.count, length = Double(sentenceLength)
        let ids = (0..<n).map { language.offset + Int32($0) }
        contexts = [World.bos] + ids
        targets = ids
        let pi = language.stationaryDistribution
        var w = [Double](repeating: 0, count: (n + 1) * n)
        for (y, p) in pi.enumerated() { w[y] = p / length }
        for (i, x) in ids.enumerated() {
            let share = (length - 1) / length * pi[i], row = (i + 1) * n
            for (y, p) in language.conditional(after: x).enumerated() { w[row + y] = share * p }
        }
        weights = w
    }

    /// Expected loss (nats/token) and expected top-1 accuracy of `model`, whose context must be 1.
    func lossAndTop1(_ model: NextTokenScorer) -> (loss: Double, top1: Double) {
        precondition(model.context == 1, "the exact held-out expectation needs a one-token context")
        let n = targets.count, cap = model.capacity
        var loss = 0.0, top1 = 0.0
        var greedy = [Int32](repeating: 0, count: cap)
        var start = 0
        contexts.withUnsafeBufferPointer { cp in
            while start < contexts.count {
                let m = min(cap, contexts.count - start)
                let lp = model.logProbabilities(contexts: cp.baseAddress! + start, count: m)
                for r in 0..<m {
                    let row = lp + r * model.outputClasses, base = (start + r) * n
                    var s = 0.0
                    for (j, y) in targets.enumerated() { s += weights[base + j] * Double(row[Int(y)]) }
                    loss -= s
                }
                // The greedy token is a background token or, for a model that puts its mass
                // elsewhere, one the language never emits (weight 0).
                greedy.withUnsafeMutableBufferPointer { model.greedyTokens(contexts: cp.baseAddress! + start, count: m, into: $0.baseAddress!) }
                for r in 0..<m {
                    let j = Int(greedy[r] - targets[0])
                    if j >= 0 && j < n { top1 += weights[(start + r) * n + j] }
                }
                start += m
            }
        }
        return (loss, top1)
    }
}
