import ReciteCore

// Facts key → value: the world that multiple-choice (`mc`) evaluation asks about.

/// `K` facts, each a key (one or more tokens) and a value token, with Zipfian key popularity.
///
/// By default keys have their own ids (`keyOffset..<keyOffset+K`), one per fact, so a fact can only
/// be known by training on its unit. With `keyLength ≥ 2` a key is a tuple of tokens drawn from a
/// shared pool of `keyPool` ids (like names made of shared subword tokens), so facts share
/// parameters: see `KnowledgeBase+Keys.swift`. Values are drawn from `valueTokens`, normally the most frequent words
/// of the background language: background text then trains the same output columns, so a model
/// that has not memorised a fact leans towards common words (interference we rely on).
/// Fact `i` has popularity rank `i + 1`: questions and coverage both favour low `i`. With families
/// (`familyValueCount > 0`), values are partly predictable from the first key token: see
/// `KnowledgeBase+Families.swift`.
public struct KnowledgeBase: Sendable {
    /// Number of facts `K`.
    public let count: Int
    /// First id of the key tokens (`keyOffset..<keyOffset+keyPool`).
    public let keyOffset: Int32
    /// Tokens per key `m` (1: one dedicated token per fact).
    public let keyLength: Int
    /// Distinct key tokens (`K` when `keyLength == 1`).
    public let keyPool: Int
    /// Row-major `K × m` key tokens.
    public let keys: [Int32]
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
    /// Probability that a fact's value is one of its family's typical values (see
    /// `KnowledgeBase+Families.swift`; 0 without families).
    public let familyShare: Double
    /// Typical value indices of each family (one row per pool token; empty without families).
    public let familyValues: [[Int]]

    /// Builds `count` facts. Values come from `Xoshiro256(seed:stream: valueStream)`, the
    /// coverage order from `stream: coverageStream`, so either can change without moving the other.
    public init(
        count: Int, keyOffset: Int32, valueTokens: Range<Int32>, valuePriorExponent: Double,
        popularityExponent: Double, relationToken: Int32? = nil, keyLength: Int = 1, keyPool: Int = 0,
        keyTokenExponent: Double = 0, familyValueCount: Int = 0, familyShare: Double = 0, seed: UInt64,
        valueStream: UInt64 = 2, coverageStream: UInt64 = 3, keyStream: UInt64 = 6, familyStream: UInt64 = 7
    ) {
        precondition(count >= 1, "a knowledge base needs at least one fact")
        precondition(valueTokens.count >= 4, "four-way questions need at least 4 values")
        precondition(KnowledgeBase.keysFit(count: count, keyLength: keyLength, keyPool: keyPool),
                     "keys need keyPool^keyLength ≥ 2·count (see KnowledgeBase.keysFit)")
        precondition(familyValueCount == 0 || (keyLength >= 2 && (0...1).contains(familyShare)),
                     "families need shared keys and a share in 0...1")
        self.count = count
        self.keyOffset = keyOffset
        self.keyLength = keyLength
        self.keyPool = keyLength == 1 ? count : keyPool
        var keyRNG = Xoshiro256(seed: seed, stream: keyStream)
        keys = KnowledgeBase.drawKeys(count: count, keyLength: keyLength, keyPool: self.keyPool,
                                      exponent: keyTokenExponent, offset: keyOffset, rng: &keyRNG)
        self.valueTokens = valueTokens
        self.relationToken = relationToken
        valuePrior = AliasTable(weights: AliasTable.zipfWeights(count: valueTokens.count, exponent: valuePriorExponent))
        distractorLaw = AliasTable(weights: KnowledgeBase.distractorLaw(prior: valuePrior.probabilities))
        popularity = AliasTable(weights: AliasTable.zipfWeights(count: count, exponent: popularityExponent))
        var valueRNG = Xoshiro256(seed: seed, stream: valueStream)
        let prior = valuePrior
        self.familyShare = familyValueCount == 0 ? 0 : familyShare
        if familyValueCount == 0 {
            familyValues = []
            values = (0..<count).map { _ in valueTokens.lowerBound + Int32(prior.sample(&valueRNG)) }
        } else {
            var familyRNG = Xoshiro256(seed: seed, stream: familyStream)
            let typical = KnowledgeBase.drawFamilyValues(families: self.keyPool, typical: familyValueCount, prior: prior, rng: &familyRNG)
            familyValues = typical
            let first = keys, m = keyLength, offset = keyOffset
            let family = (0..<count).map { Int(first[$0 * m] - offset) }
            values = KnowledgeBase.drawFamilyFactValues(family: family, familyValues: typical, prior: prior, share: familyShare,
                                                        rng: &valueRNG).map { valueTokens.lowerBound + Int32($0) }
        }
        var coverageRNG = Xoshiro256(seed: seed, stream: coverageStream)
        coverageOrder = WeightedOrder.permutation(weights: popularity.probabilities, rng: &coverageRNG)
    }

    // MARK: - Units

    /// Tokens per fact unit: `m + 1`, or `m + 2` with a relation token.
    public var unitLength: Int { keyLength + (relationToken == nil ? 1 : 2) }

    /// First key token of fact `i` (its only one when `keyLength == 1`).
    public func key(of i: Int) -> Int32 { keys[i * keyLength] }

    /// The `m` key tokens of fact `i`.
    public func keyTokens(of i: Int) -> ArraySlice<Int32> { keys[(i * keyLength)..<((i + 1) * keyLength)] }

    /// The tokens before the value: the key tokens, then the relation token if any.
    public func context(of i: Int) -> [Int32] {
        var c = Array(keyTokens(of: i))
        if let r = relationToken { c.append(r) }
        return c
    }

    /// The training unit of fact `i`: `context(of: i) + [value]`.
    public func unit(of i: Int) -> [Int32] { context(of: i) + [values[i]] }

    /// Appends fact `i`'s unit to flat storage.
    public func appendUnit(of i: Int, to out: inout [Int32]) {
        out.append(contentsOf: keyTokens(of: i))
        if let r = relationToken { out.append(r) }
        out.append(values[i])
    }

    /// Prior probability of value token `t` (0 outside `valueTokens`).
    public func prior(of t: Int32) -> Double {
        valueTokens.contains(t) ? valuePrior.probabilities[Int(t - valueTokens.lowerBound)] : 0
    }
}
