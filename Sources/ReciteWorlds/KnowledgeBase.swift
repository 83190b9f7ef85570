import ReciteCore

// Facts key → value: the world that multiple-choice (`mc`) evaluation asks about.

/// `K` facts, each a key token and a value token, with Zipfian key popularity.
///
/// Keys have their own ids (`keyOffset..<keyOffset+K`), one per fact, so a fact can only be known
/// by training on its unit. Values are drawn from `valueTokens`, normally the most frequent words
/// of the background language: background text then trains the same output columns, so a model
/// that has not memorised a fact leans towards common words (interference we rely on).
/// Fact `i` has popularity rank `i + 1`: questions and coverage both favour low `i`.
public struct KnowledgeBase: Sendable {
    /// Number of facts `K`.
    public let count: Int
    /// Id of fact 0's key.
    public let keyOffset: Int32
    /// Ids values are drawn from; value index `v` is token `valueTokens.lowerBound + v`.
    public let valueTokens: Range<Int32>
    /// Optional relation token between key and value (`[key, relation, value]`); nil: `[key, value]`.
    public let relationToken: Int32?
    /// Value of each fact (token ids).
    public let values: [Int32]
    /// Prior over value indices (Zipf with a mild exponent), with its sampler.
    public let valuePrior: AliasTable
    /// Law of distractors: the prior tilted so that the four options are exchangeable (see
    /// `KnowledgeBase+Distractors.swift`); ranks values exactly as the prior does.
    public let distractorLaw: AliasTable
    /// Popularity over facts (Zipf), with its sampler.
    public let popularity: AliasTable
    /// Facts in the order a deduplicated corpus includes them (see `WeightedOrder`).
    public let coverageOrder: [Int32]

    /// Builds `count` facts. Values come from `Xoshiro256(seed:stream: valueStream)`, the
    /// coverage order from `stream: coverageStream`, so either can change without moving the other.
    public init(
        count: Int, keyOffset: Int32, valueTokens: Range<Int32>, valuePriorExponent: Double,
        popularityExponent: Double, relationToken: Int32? = nil, seed: UInt64,
        valueStream: UInt64 = 2, coverageStream: UInt64 = 3
    ) {
        precondition(count >= 1, "a knowledge base needs at least one fact")
        precondition(valueTokens.count >= 4, "four-way questions need at least 4 values")
        self.count = count
        self.keyOffset = keyOffset
        self.valueTokens = valueTokens
        self.relationToken = relationToken
        valuePrior = AliasTable(weights: AliasTable.zipfWeights(count: valueTokens.count, exponent: valuePriorExponent))
        distractorLaw = AliasTable(weights: KnowledgeBase.distractorLaw(prior: valuePrior.probabilities))
        popularity = AliasTable(weights: AliasTable.zipfWeights(count: count, exponent: popularityExponent))
        var valueRNG = Xoshiro256(seed: seed, stream: valueStream)
        let prior = valuePrior
        values = (0..<count).map { _ in valueTokens.lowerBound + Int32(prior.sample(&valueRNG)) }
        var coverageRNG = Xoshiro256(seed: seed, stream: coverageStream)
        coverageOrder = WeightedOrder.permutation(weights: popularity.probabilities, rng: &coverageRNG)
    }

    // MARK: - Units

    /// Tokens per fact unit: 2, or 3 with a relation token.
    public var unitLength: Int { relationToken == nil ? 2 : 3 }

    /// Key token of fact `i`.
    public func key(of i: Int) -> Int32 { keyOffset + Int32(i) }

    /// The tokens before the value: `[key]` or `[key, relation]`.
    public func context(of i: Int) -> [Int32] {
        if let r = relationToken { return [key(of: i), r] }
        return [key(of: i)]
    }

    /// The training unit of fact `i`: `context(of: i) + [value]`.
    public func unit(of i: Int) -> [Int32] { context(of: i) + [values[i]] }

    /// Appends fact `i`'s unit to flat storage.
    public func appendUnit(of i: Int, to out: inout [Int32]) {
        out.append(key(of: i))
        if let r = relationToken { out.append(r) }
        out.append(values[i])
    }

    /// Prior probability of value token `t` (0 outside `valueTokens`).
    public func prior(of t: Int32) -> Double {
        valueTokens.contains(t) ? valuePrior.probabilities[Int(t - valueTokens.lowerBound)] : 0
    }
}
