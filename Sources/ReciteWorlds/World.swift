import ReciteCore

// A built world: the language, facts and programs of a `WorldSpec`, laid out in one id space.

/// A world with its ground truth, built deterministically from a `WorldSpec`.
///
/// Id layout (`Int32`, contiguous, in this order):
/// ```
/// 0                                  BOS (context padding; never inside a unit)
/// 1 ..< 1+n                          background tokens, by unigram rank (1 = most frequent)
/// 1+n ..< 1+n+K'                     fact keys: one per fact (fact i → 1+n+i, K' = K) or, with
///                                    keyLength ≥ 2, a shared pool (K' = keyPool)
/// 1+n+K'                             relation token (only with relationToken and K > 0)
/// next P' ids                        program prompts: one per program (P' = P) or, with
///                                    programPromptLength ≥ 2, a shared pool (P' = pool); none
///                                    with programPromptsFromText (the pool is then `1..<1+pool`,
///                                    the most frequent background tokens)
/// ```
/// Fact values are the `valueCount` most frequent background tokens (`1..<1+valueCount`); program
/// bodies are uniform over all background tokens (`1..<1+n`).
///
/// Random streams of `spec.seed`: 1 language successors, 2 fact values, 3 fact coverage,
/// 4 program bodies, 5 program coverage, 6 fact keys (shared pools only), 7 program prompts (shared pools only) and family typical values (families only): a world with both draws them from one sequence, correlated though each is valid alone; they stay on 7 because both recitation figures were measured so (moving families to 8 changed the mc shape test's 1 Rec by 4 points, docs/calibration.md); 9 program body lengths (varying lengths only). Corpora and evaluation use their own seeds.
public struct World: Sendable {
    public let spec: WorldSpec
    /// The background language (ids `1..<1+n`).
    public let background: MarkovLanguage
    /// The knowledge base, or nil when `facts == 0`.
    public let knowledge: KnowledgeBase?
    /// The programs, or nil when `programs == 0`.
    public let programs: ProgramSet?
    /// Total number of token ids `V`: BOS + background + keys (+ relation) + prompts.
    public let vocabularySize: Int

    /// Id of BOS, the padding and start-of-unit context.
    public static let bos: Int32 = 0

    /// Validates `spec` and builds the world.
    public init(spec: WorldSpec) throws {
        try spec.validate()
        self.spec = spec
        let n = spec.background.vocabulary
        background = MarkovLanguage(spec: spec.background, offset: 1, seed: spec.seed, stream: 1)
        var next = Int32(1 + n)
        if spec.facts > 0 {
            let keyOffset = next
            next += Int32(spec.keyTokenCount)
            var relation: Int32? = nil
            if spec.relationToken { relation = next; next += 1 }
            knowledge = KnowledgeBase(
                count: spec.facts, keyOffset: keyOffset, valueTokens: 1..<Int32(1 + spec.valueCount),
                valuePriorExponent: spec.valuePriorExponent, popularityExponent: spec.popularityExponent,
                relationToken: relation, keyLength: spec.keyLength, keyPool: spec.keyPool,
                keyTokenExponent: spec.keyTokenExponent, familyValueCount: spec.familyValues, familyShare: spec.familyShare,
                seed: spec.seed)
        } else {
            knowledge = nil
        }
        if spec.programs > 0 {
            programs = ProgramSet(
                count: spec.programs, length: spec.programLength, promptOffset: spec.programPromptsFromText ? 1 : next,
                bodyTokens: 1..<Int32(1 + n), popularityExponent: spec.programPopularityExponent,
                bodyExponent: spec.programBodyExponent, promptLength: spec.programPromptLength,
                promptPool: spec.programPromptPool, promptTokenExponent: spec.programPromptTokenExponent,
                minLength: spec.programMinLength == 0 ? nil : spec.programMinLength, lengthExponent: spec.programLengthExponent,
                idiomShare: spec.programIdiomShare, aliases: spec.programAliases, aliasExponent: spec.programAliasExponent,
                seed: spec.seed)
            next += Int32(spec.promptTokenCount)
        } else {
            programs = nil
        }
        vocabularySize = Int(next)
    }

    /// Entropy rate of the background language, nats/token (the loss floor on long text).
    public var entropyRate: Double { background.entropyRate }

    /// The floor of the held-out loss at `sentenceLength` (as the evaluator scores it, at least 2
    /// tokens a sentence): the first token of a held-out sentence follows BOS and costs H(π), the
    /// rest the entropy rate. Above the entropy rate by (H(π) − rate)/L: 0.09 nats for web at L = 16,
    /// 0.14 for the isoFLOP code world.
    public func heldOutFloor(sentenceLength: Int) -> Double {
        background.sentenceEntropy(length: max(sentenceLength, 2))
    }

    // MARK: - Held-out text

    /// Fresh background sentences for evaluation, from `Xoshiro256(seed: seed, stream: 21)`.
    ///
    /// Stream 21 is used by no corpus, so with any seed these are (up to chance coincidence of
    /// whole sentences, negligible at length ≥ 8) unseen in training.
    public func heldOutSentences(count: Int, length: Int, seed: UInt64) -> [[Int32]] {
        var rng = Xoshiro256(seed: seed, stream: 21)
        return (0..<count).map { _ in background.sentence(length: length, rng: &rng) }
    }
}
