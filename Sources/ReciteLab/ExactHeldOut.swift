// Held-out loss and top-1 as expectations over the background language (`evals.held_out_estimate:
// exact`), for models that see one token of context. A held-out sentence of L tokens starts after
// BOS with a token drawn from the stationary law π, and every later position has marginal π too,
// so the expected loss per token is
//   (1/L)·CE(π, q(·|BOS)) + ((L−1)/L)·Σ_x π(x)·CE(P(·|x), q(·|x)),
// a sum over the V + 1 contexts: fewer exps than scoring 8,192 sampled tokens, and no sampling
// error. The floor `sentenceEntropy(length:)` is the same sum with q = P, so loss − floor is
// exactly the model's expected KL to the language.
import Foundation
import ReciteCore
import ReciteWorlds

/// The exact held-out scores of one world's background language at one sentence length.
struct ExactHeldOut {
    let language: MarkovLanguage
    let sentenceLength: Int
    /// The contexts scored: BOS, then the background tokens in id order.
    let contexts: [Int32]

    init(world: World, sentenceLength: Int) {
        language = world.background
        self.sentenceLength = sentenceLength
        contexts = [World.bos] + (0..<language.count).map { world.background.offset + Int32($0) }
    }

    /// The share of held-out positions whose context is `contexts[i]`.
    func share(ofContext i: Int) -> Double {
        let l = Double(sentenceLength)
        return i == 0 ? 1 / l : (l - 1) / l * language.stationaryDistribution[i - 1]
    }

    /// Expected loss (nats/token) and expected top-1 accuracy of `model`, whose context must be 1.
    /// The greedy token of a context is the scorer's (`greedyTokens`, as the sampled estimate uses);
    /// it scores its probability under the language (0 for a token the language never emits, such
    /// as BOS).
    func lossAndTop1(_ model: NextTokenScorer) -> (loss: Double, top1: Double) {
        precondition(model.context == 1, "the exact held-out expectation needs a one-token context")
        let v = model.outputClasses, first = Int(language.offset), n = language.count
        var loss = 0.0, top1 = 0.0
        var greedy = [Int32](repeating: 0, count: model.capacity)
        var start = 0
        contexts.withUnsafeBufferPointer { cp in
            while start < contexts.count {
                let m = min(model.capacity, contexts.count - start), batch = cp.baseAddress! + start
                let lp = model.logProbabilities(contexts: batch, count: m)
                for r in 0..<m { loss -= share(ofContext: start + r) * language.expectation(of: lp + r * v, after: contexts[start + r]) }
                // After the loss: the scorer may reuse the rows' buffer.
                greedy.withUnsafeMutableBufferPointer { model.greedyTokens(contexts: batch, count: m, into: $0.baseAddress!) }
                for r in 0..<m where Int(greedy[r]) >= first && Int(greedy[r]) < first + n {
                    top1 += share(ofContext: start + r) * exp(language.logProbability(of: greedy[r], after: contexts[start + r]))
                }
                start += m
            }
        }
        return (loss, top1)
    }
}
