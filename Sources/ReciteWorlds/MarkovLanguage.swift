#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ReciteCore

// A first-order Markov language with power-law structure: the background text of every world.
//
// P(y|x) = λ·S_x(y) + (1−λ)·u(y): a sparse part (m preferred successors per token, Zipf-weighted)
// plus a rank-one part (the Zipf unigram u). The sparse + rank-one form is what makes everything
// cheap: sampling is O(1) per token, the stationary distribution costs O(n·m) per power
// iteration, and the entropy rate O(n·m) in all, so n = 40,960 is as easy as n = 1024.

/// A seeded first-order Markov chain over the token ids `offset..<offset+n`.
///
/// Local index `i` (id `offset+i`) has unigram rank `i + 1`, so the lowest ids are the most
/// frequent words; worlds draw fact values from that head. The start of a sentence (context BOS)
/// is distributed as the chain's stationary distribution, so every position of a sampled sequence
/// has the same marginal law.
public struct MarkovLanguage: Sendable {
    /// The parameters this language was built from.
    public let spec: LanguageSpec
    /// Id of local token 0; ids `offset..<offset+n` belong to the language.
    public let offset: Int32
    /// Number of tokens `n`.
    public var count: Int { spec.vocabulary }

    /// Unigram mixture `u` (normalised Zipf), with its O(1) sampler.
    let unigram: AliasTable
    /// Zipf weights over the `m` successor positions, identical for every row, with its sampler.
    let successorWeights: AliasTable
    /// Row-major `n × m`: local index of the `j`-th preferred successor of local token `x`.
    let successorTable: [Int32]
    /// Stationary distribution π over local indices (start-of-sentence law), with its sampler.
    let stationarySampler: AliasTable
    /// Entropy rate `Σ_x π(x)·H(P(·|x))` in nats/token, computed once at construction.
    public let entropyRate: Double

    /// Builds the language; the successor sets come from `Xoshiro256(seed: seed, stream: stream)`.
    ///
    /// Cost: O(n·m) draws for the successors plus the power iteration (see `stationary`).
    /// Preconditions: `spec.validate()` passes.
    public init(spec: LanguageSpec, offset: Int32 = 1, seed: UInt64, stream: UInt64 = 1) {
        precondition((try? spec.validate()) != nil, "invalid LanguageSpec: call validate() first")
        self.spec = spec
        self.offset = offset
        let n = spec.vocabulary, m = spec.successors
        unigram = AliasTable(weights: AliasTable.zipfWeights(count: n, exponent: spec.unigramExponent))
        successorWeights = AliasTable(weights: AliasTable.zipfWeights(count: m, exponent: spec.successorExponent))
        var rng = Xoshiro256(seed: seed, stream: stream)
        successorTable = MarkovLanguage.drawSuccessors(n: n, m: m, unigram: unigram, rng: &rng)
        let pi = MarkovLanguage.stationary(
            unigram: unigram.probabilities, successors: successorTable,
            weights: successorWeights.probabilities, structure: spec.structure)
        stationarySampler = AliasTable(weights: pi)
        entropyRate = MarkovLanguage.entropyRate(
            stationary: pi, unigram: unigram.probabilities, successors: successorTable,
            weights: successorWeights.probabilities, structure: spec.structure)
    }

    // MARK: - Structure

    /// Draws `m` distinct successors per row in proportion to `u`, in draw order.
    ///
    /// Rejection against a row stamp is O(1) expected per draw while the rejected mass is small;
    /// when `m > n/2` it would not be, so those rows use Efraimidis–Spirakis keys instead.
    static func drawSuccessors(n: Int, m: Int, unigram: AliasTable, rng: inout Xoshiro256) -> [Int32] {
        var table = [Int32](repeating: 0, count: n * m)
        if 2 * m > n {
            for x in 0..<n {
                let order = WeightedOrder.permutation(weights: unigram.probabilities, rng: &rng)
                for j in 0..<m { table[x * m + j] = Int32(order[j]) }
            }
            return table
        }
        var stamp = [Int32](repeating: -1, count: n)
        for x in 0..<n {
            var j = 0
            while j < m {
                let y = unigram.sample(&rng)
                if stamp[y] == Int32(x) { continue }
                stamp[y] = Int32(x)
                table[x * m + j] = Int32(y)
                j += 1
            }
        }
        return table
    }

    /// The preferred successors of local token `x` (local indices, most likely first).
    public func successors(ofLocal x: Int) -> ArraySlice<Int32> {
        let m = spec.successors
        return successorTable[(x * m)..<(x * m + m)]
    }

    // MARK: - Probabilities

    /// Stationary distribution π over local indices (index `i` is token `offset + i`).
    public var stationaryDistribution: [Double] { stationarySampler.probabilities }

    /// Entropy of π in nats: the expected loss on the first token of a sentence (context BOS).
    public var stationaryEntropy: Double { stationarySampler.entropy }

    /// The exact expected loss per token of a fresh sentence of `length` tokens: the first token
    /// costs H(π), each later one the entropy rate. The floor of any model's held-out loss.
    public func sentenceEntropy(length: Int) -> Double {
        precondition(length >= 1, "a sentence has at least one token")
        return (stationaryEntropy + Double(length - 1) * entropyRate) / Double(length)
    }

    /// Dense next-token distribution over local indices after token id `x` (BOS = 0 gives π).
    ///
    /// O(n); for tests and evaluation, not for inner loops.
    public func conditional(after x: Int32) -> [Double] {
        if x == 0 { return stationaryDistribution }
        let lx = local(x)
        let lambda = spec.structure
        var p = unigram.probabilities.map { (1 - lambda) * $0 }
        let w = successorWeights.probabilities
        for (j, y) in successors(ofLocal: lx).enumerated() { p[Int(y)] += lambda * w[j] }
        return p
    }

    /// `log P(y | x)` in nats for token ids `x`, `y` of this language; `x = 0` (BOS) uses π.
    ///
    /// O(m): the sparse row is scanned for `y`.
    public func logProbability(of y: Int32, after x: Int32) -> Double {
        let ly = local(y)
        if x == 0 { return log(stationaryDistribution[ly]) }
        let lx = local(x), m = spec.successors, lambda = spec.structure
        var p = (1 - lambda) * unigram.probabilities[ly]
        for j in 0..<m where successorTable[lx * m + j] == Int32(ly) {
            p += lambda * successorWeights.probabilities[j]
        }
        return log(p)
    }

    /// Local index of token id `t`, checked.
    @inline(__always)
    func local(_ t: Int32) -> Int {
        let i = Int(t - offset)
        precondition(i >= 0 && i < count, "token \(t) is not in this language's ids \(offset)..<\(Int(offset) + count)")
        return i
    }
}
