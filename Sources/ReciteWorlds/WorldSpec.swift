// What a world is made of, as it appears in an experiment file.
import ReciteCore

/// A world: a background language plus, optionally, a knowledge base and a set of programs.
///
/// Every field has a default, and the encoder writes every key (unknown-key detection in the lab
/// compares a mapping's keys with the encoded ones). `background` is either a preset name
/// (`web`, `code`) or a mapping of `LanguageSpec` fields (missing ones default to `web`'s).
/// `facts: 0` means no knowledge base, `programs: 0` no programs.
public struct WorldSpec: Codable, Hashable, Sendable {
    /// The background language. Default `.web`.
    public var background: LanguageSpec
    /// Number of facts `K`; 0 = no knowledge base. Default 0.
    public var facts: Int
    /// Number of candidate values: the `valueCount` most frequent background tokens. Default 128.
    public var valueCount: Int
    /// Zipf exponent of the value prior (mild, so distractors are plausible). Default 0.5.
    public var valuePriorExponent: Double
    /// Zipf exponent of fact popularity (questions and coverage). Default 1.0.
    public var popularityExponent: Double
    /// Whether fact units are `[key, relation, value]` instead of `[key, value]`. Default false.
    public var relationToken: Bool
    /// Tokens per fact key `m`, in 1...8. 1: one dedicated token per fact (no sharing). Default 1.
    public var keyLength: Int
    /// Distinct key tokens when `keyLength ≥ 2` (keys are distinct `m`-tuples over them); needs
    /// `keyPool^m ≥ 2·facts`. Ignored when `keyLength == 1`. Default 0 (must be set with `m ≥ 2`).
    public var keyPool: Int
    /// Zipf exponent of how often each pool token is used in keys (0: uniform), ≥ 0. Default 0.
    public var keyTokenExponent: Double
    /// Typical values per key family (a family is a fact's first key token; see
    /// `KnowledgeBase+Families.swift`): 0 = values independent of keys; otherwise in
    /// 1...valueCount, with `keyLength ≥ 2`. Default 0.
    public var familyValues: Int
    /// Probability that a fact's value is one of its family's typical values, in 0...1. Default 0.
    public var familyShare: Double
    /// Number of programs `P`; 0 = none. Default 0.
    public var programs: Int
    /// Body length `L` of each program. Default 8.
    public var programLength: Int
    /// Zipf exponent of program popularity. Default 1.0.
    public var programPopularityExponent: Double
    /// Zipf exponent of program body tokens over the background vocabulary in frequency order
    /// (0: uniform, as before). Code reuses common tokens: a body of common tokens is easier to
    /// recite (the output bias already favours them), one of rare tokens harder. Default 0.
    public var programBodyExponent: Double
    /// Tokens per program prompt `m`, in 1...8. 1: one dedicated token per program. Default 1.
    public var programPromptLength: Int
    /// Distinct prompt tokens when `programPromptLength ≥ 2` (prompts are distinct `m`-tuples over
    /// them); needs `pool^m ≥ 2·programs`. Ignored when the length is 1. Default 0.
    public var programPromptPool: Int
    /// Zipf exponent of how often each pool token is used in prompts (0: uniform), ≥ 0. A program
    /// whose prompt uses common pool tokens shares its parameters with many others, so it is harder
    /// to pin down. Ignored when the length is 1. Default 0.
    public var programPromptTokenExponent: Double
    /// Shortest program body when bodies vary in length: 0 (the default) = every body has
    /// `programLength` tokens; otherwise in 1...programLength, and each program's body length is
    /// drawn from `programMinLength...programLength` by `programLengthExponent`. Real functions
    /// vary in length, most short and a heavy tail long; exact match needs every token, so a short
    /// body is recited after fewer exposures than a long one.
    public var programMinLength: Int
    /// Zipf exponent of the body-length law, `P(ℓ) ∝ (ℓ − min + 1)^−s` over `programMinLength...
    /// programLength` (0: uniform), ≥ 0. Ignored when `programMinLength` is 0. Default 0.
    public var programLengthExponent: Double
    /// Share ρ of program body tokens after the first that follow their predecessor's idiom, in
    /// 0...1 (0: every body token an independent draw, the default). Each body token has one
    /// typical successor drawn from the body law; a body continues with it with probability ρ,
    /// else with a fresh draw. Code is locally predictable (Hindle et al. 2012, "On the naturalness
    /// of software"): the idioms are shared by all programs, learned from all of them, and a
    /// program that breaks one must be memorised against it.
    public var programIdiomShare: Double = 0
    /// Whether shared prompt tokens are ordinary text tokens (the pool is the `programPromptPool`
    /// most frequent background tokens) instead of ids of their own. Identifiers are made of the
    /// subwords of prose (`get`, `user`, `name`), so a prompt token's parameters also serve every
    /// sentence that uses it; how much depends on the token's frequency in text. Needs
    /// `programPromptLength ≥ 2` and a pool no larger than the background vocabulary. Default false.
    public var programPromptsFromText: Bool = false
    /// Most names a program's body appears under, in 1...16 (1: one name each, the default). Each
    /// program draws its number of aliases `a` from `P(a) ∝ a^−programAliasExponent` and is
    /// presented under them in turn; the evaluation asks with the first. Code corpora hold many
    /// renamed near-duplicates (Allamanis 2019), as text states a fact in several phrasings. Needs
    /// `programPromptLength ≥ 2` and `pool^m ≥ 2·programs·programAliases`.
    public var programAliases: Int = 1
    /// Exponent of the alias law over `1...programAliases`, ≥ 0 (0: uniform). Default 1.
    public var programAliasExponent: Double = 1
    /// Seed of the world's structure (language successors, fact values, bodies, coverage). Default 0.
    public var seed: UInt64

    public init(
        background: LanguageSpec = .web, facts: Int = 0, valueCount: Int = 128,
        valuePriorExponent: Double = 0.5, popularityExponent: Double = 1.0, relationToken: Bool = false,
        keyLength: Int = 1, keyPool: Int = 0, keyTokenExponent: Double = 0, familyValues: Int = 0, familyShare: Double = 0,
        programs: Int = 0, programLength: Int = 8, programPopularityExponent: Double = 1.0,
        programBodyExponent: Double = 0, programPromptLength: Int = 1, programPromptPool: Int = 0,
        programPromptTokenExponent: Double = 0, programMinLength: Int = 0, programLengthExponent: Double = 0,
        seed: UInt64 = 0
    ) {
        self.background = background
        self.facts = facts
        self.valueCount = valueCount
        self.valuePriorExponent = valuePriorExponent
        self.popularityExponent = popularityExponent
        self.relationToken = relationToken
        self.keyLength = keyLength
        self.keyPool = keyPool
        self.keyTokenExponent = keyTokenExponent
        self.familyValues = familyValues
        self.familyShare = familyShare
        self.programs = programs
        self.programLength = programLength
        self.programPopularityExponent = programPopularityExponent
        self.programBodyExponent = programBodyExponent
        self.programPromptLength = programPromptLength
        self.programPromptPool = programPromptPool
        self.programPromptTokenExponent = programPromptTokenExponent
        self.programMinLength = programMinLength
        self.programLengthExponent = programLengthExponent
        self.seed = seed
    }

    // MARK: - Validation

    /// Every field's documented range, in YAML keys (checked by the lab before a grid is built).
    /// Sizes that depend on other fields (`value_count` ≤ vocabulary, the world's total vocabulary
    /// ≤ `LanguageSpec.maxVocabulary`) are checked by `validate()` and the lab.
    public static let fieldRules: [FieldRule] = [
        FieldRule("background", .presetOrSection(LanguageSpec.presets.keys.sorted(), LanguageSpec.fieldRules)),
        .integer("facts", 0...LanguageSpec.maxVocabulary),
        .integer("value_count", 4...LanguageSpec.maxVocabulary),
        .number("value_prior_exponent", 0...10),
        .number("popularity_exponent", 0...10),
        .flag("relation_token"),
        .integer("key_length", 1...8),
        .integer("key_pool", 0...LanguageSpec.maxVocabulary),
        .number("key_token_exponent", 0...10),
        .integer("family_values", 0...LanguageSpec.maxVocabulary),
        .number("family_share", 0...1),
        .integer("programs", 0...LanguageSpec.maxVocabulary),
        .integer("program_length", 1...1024),
        .number("program_popularity_exponent", 0...10),
        .number("program_body_exponent", 0...10),
        .integer("program_prompt_length", 1...8),
        .integer("program_prompt_pool", 0...LanguageSpec.maxVocabulary),
        .number("program_prompt_token_exponent", 0...10),
        .integer("program_min_length", 0...1024),
        .number("program_length_exponent", 0...10),
        .number("program_idiom_share", 0...1),
        .flag("program_prompts_from_text"),
        .integer("program_aliases", 1...16),
        .number("program_alias_exponent", 0...10),
        .integer("seed", 0...Int.max),
    ]

    /// Checks every field, naming the first bad one.
    public func validate() throws {
        try background.validate()
        let s = "world"
        try require(facts >= 0, spec: s, field: "facts", expected: "an integer ≥ 0", found: "\(facts)")
        if facts > 0 {
            try require(
                valueCount >= 4 && valueCount <= background.vocabulary, spec: s, field: "valueCount",
                expected: "an integer in 4...\(background.vocabulary) (background.vocabulary)", found: "\(valueCount)")
            try require(
                valuePriorExponent.isFinite && valuePriorExponent >= 0, spec: s, field: "valuePriorExponent",
                expected: "a finite number ≥ 0", found: "\(valuePriorExponent)")
            // Four distinct options must be drawable fairly (see `fairQuestionFeasibility`).
            let prior = AliasTable.zipfWeights(count: valueCount, exponent: valuePriorExponent)
            let fair = KnowledgeBase.fairQuestionFeasibility(prior: prior)
            try require(
                fair.topShare < 0.25 && fair.acceptance >= 1e-5, spec: s, field: "valuePriorExponent",
                expected: "a prior whose most common of the \(valueCount) values has probability below 1/4 (four distinct "
                    + "options, fairly drawn, cannot hold it more often) with distractors kept at least once in 100,000 draws",
                found: "\(valuePriorExponent) (the most common value has probability \((fair.topShare * 1000).rounded() / 1000); "
                    + "a draw is kept with probability \(fair.acceptance))")
            try require(
                popularityExponent.isFinite && popularityExponent >= 0, spec: s, field: "popularityExponent",
                expected: "a finite number ≥ 0", found: "\(popularityExponent)")
            try require(
                keyLength >= 1 && keyLength <= 8, spec: s, field: "keyLength", expected: "an integer in 1...8",
                found: "\(keyLength)")
            try require(
                KnowledgeBase.keysFit(count: facts, keyLength: keyLength, keyPool: keyPool), spec: s, field: "keyPool",
                expected: "an integer ≥ 2 with keyPool^keyLength ≥ 2·facts (\(2 * facts))", found: "\(keyPool)")
            try require(
                keyTokenExponent.isFinite && keyTokenExponent >= 0, spec: s, field: "keyTokenExponent",
                expected: "a finite number ≥ 0", found: "\(keyTokenExponent)")
            try require(
                familyValues >= 0 && familyValues <= valueCount, spec: s, field: "familyValues",
                expected: "an integer in 0...\(valueCount) (valueCount)", found: "\(familyValues)")
            try require(
                familyValues == 0 || keyLength >= 2, spec: s, field: "familyValues",
                expected: "0 unless keyLength ≥ 2 (a family is a shared first key token)", found: "\(familyValues) with keyLength \(keyLength)")
            try require(
                familyShare.isFinite && familyShare >= 0 && familyShare <= 1, spec: s, field: "familyShare",
                expected: "a number in 0...1", found: "\(familyShare)")
        }
        try require(programs >= 0, spec: s, field: "programs", expected: "an integer ≥ 0", found: "\(programs)")
        if programs > 0 {
            try require(
                programLength >= 1 && programLength <= 1024, spec: s, field: "programLength", expected: "an integer in 1...1024", found: "\(programLength)")
            try require(
                programPopularityExponent.isFinite && programPopularityExponent >= 0, spec: s,
                field: "programPopularityExponent", expected: "a finite number ≥ 0", found: "\(programPopularityExponent)")
            try require(
                programBodyExponent.isFinite && programBodyExponent >= 0, spec: s,
                field: "programBodyExponent", expected: "a finite number ≥ 0", found: "\(programBodyExponent)")
            try require(
                programPromptLength >= 1 && programPromptLength <= 8, spec: s, field: "programPromptLength",
                expected: "an integer in 1...8", found: "\(programPromptLength)")
            try require(
                KnowledgeBase.keysFit(count: programs, keyLength: programPromptLength, keyPool: programPromptPool), spec: s,
                field: "programPromptPool", expected: "an integer ≥ 2 with pool^programPromptLength ≥ 2·programs (\(2 * programs))",
                found: "\(programPromptPool)")
            try require(
                programPromptTokenExponent.isFinite && programPromptTokenExponent >= 0, spec: s,
                field: "programPromptTokenExponent", expected: "a finite number ≥ 0", found: "\(programPromptTokenExponent)")
            try require(
                programMinLength >= 0 && programMinLength <= programLength, spec: s, field: "programMinLength",
                expected: "0 (fixed lengths) or an integer in 1...\(programLength) (programLength)", found: "\(programMinLength)")
            try require(
                programLengthExponent.isFinite && programLengthExponent >= 0, spec: s,
                field: "programLengthExponent", expected: "a finite number ≥ 0", found: "\(programLengthExponent)")
            try require(
                programIdiomShare >= 0 && programIdiomShare <= 1, spec: s, field: "programIdiomShare",
                expected: "a number in 0...1", found: "\(programIdiomShare)")
            try require(
                programAliases >= 1 && programAliases <= 16, spec: s, field: "programAliases",
                expected: "an integer in 1...16", found: "\(programAliases)")
            if programAliases > 1 {
                try require(
                    programPromptLength >= 2
                        && KnowledgeBase.keysFit(count: programs * programAliases, keyLength: programPromptLength, keyPool: programPromptPool),
                    spec: s, field: "programAliases",
                    expected: "1, or shared prompts (programPromptLength ≥ 2) with pool^programPromptLength ≥ 2·programs·programAliases (\(2 * programs * programAliases))",
                    found: "\(programAliases) with prompt length \(programPromptLength) and pool \(programPromptPool)")
                try require(
                    programAliasExponent.isFinite && programAliasExponent >= 0, spec: s, field: "programAliasExponent",
                    expected: "a finite number ≥ 0", found: "\(programAliasExponent)")
            }
            if programPromptsFromText {
                try require(
                    programPromptLength >= 2 && programPromptPool <= background.vocabulary, spec: s,
                    field: "programPromptsFromText",
                    expected: "prompts of ≥ 2 tokens from a pool of at most \(background.vocabulary) tokens (background.vocabulary)",
                    found: "prompt length \(programPromptLength), pool \(programPromptPool)")
            }
        }
        let total = 1 + background.vocabulary + keyTokenCount + (relationToken && facts > 0 ? 1 : 0) + promptTokenCount
        try require(
            total <= LanguageSpec.maxWorldVocabulary, spec: s, field: "facts/programs",
            expected: "a world of at most \(LanguageSpec.maxWorldVocabulary) tokens (1 + vocabulary + facts + programs)",
            found: "\(total) tokens")
    }

    /// Ids the knowledge base's keys take: `facts` with one token per key, else `keyPool` (0 without facts).
    public var keyTokenCount: Int { facts == 0 ? 0 : (keyLength == 1 ? facts : keyPool) }

    /// Ids the programs' prompts take: `programs` with one token per prompt, else the pool (0 without programs).
    public var promptTokenCount: Int {
        programs == 0 || programPromptsFromText ? 0 : (programPromptLength == 1 ? programs : programPromptPool)
    }

    // MARK: - Codable

    private enum CodingKeys: String, CodingKey {
        case background, facts, valueCount, valuePriorExponent, popularityExponent, relationToken
        case keyLength, keyPool, keyTokenExponent, familyValues, familyShare
        case programs, programLength, programPopularityExponent, programBodyExponent
        case programPromptLength, programPromptPool, programPromptTokenExponent, programMinLength, programLengthExponent
        case programIdiomShare, programPromptsFromText, programAliases, programAliasExponent, seed
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = WorldSpec()
        background = try c.decodeIfPresent(LanguageSpec.self, forKey: .background) ?? d.background
        facts = try c.decodeIfPresent(Int.self, forKey: .facts) ?? d.facts
        valueCount = try c.decodeIfPresent(Int.self, forKey: .valueCount) ?? d.valueCount
        valuePriorExponent = try c.decodeIfPresent(Double.self, forKey: .valuePriorExponent) ?? d.valuePriorExponent
        popularityExponent = try c.decodeIfPresent(Double.self, forKey: .popularityExponent) ?? d.popularityExponent
        relationToken = try c.decodeIfPresent(Bool.self, forKey: .relationToken) ?? d.relationToken
        keyLength = try c.decodeIfPresent(Int.self, forKey: .keyLength) ?? d.keyLength
        keyPool = try c.decodeIfPresent(Int.self, forKey: .keyPool) ?? d.keyPool
        keyTokenExponent = try c.decodeIfPresent(Double.self, forKey: .keyTokenExponent) ?? d.keyTokenExponent
        familyValues = try c.decodeIfPresent(Int.self, forKey: .familyValues) ?? d.familyValues
        familyShare = try c.decodeIfPresent(Double.self, forKey: .familyShare) ?? d.familyShare
        programs = try c.decodeIfPresent(Int.self, forKey: .programs) ?? d.programs
        programLength = try c.decodeIfPresent(Int.self, forKey: .programLength) ?? d.programLength
        programPopularityExponent =
            try c.decodeIfPresent(Double.self, forKey: .programPopularityExponent) ?? d.programPopularityExponent
        programBodyExponent = try c.decodeIfPresent(Double.self, forKey: .programBodyExponent) ?? d.programBodyExponent
        programPromptLength = try c.decodeIfPresent(Int.self, forKey: .programPromptLength) ?? d.programPromptLength
        programPromptPool = try c.decodeIfPresent(Int.self, forKey: .programPromptPool) ?? d.programPromptPool
        programPromptTokenExponent =
            try c.decodeIfPresent(Double.self, forKey: .programPromptTokenExponent) ?? d.programPromptTokenExponent
        programMinLength = try c.decodeIfPresent(Int.self, forKey: .programMinLength) ?? d.programMinLength
        programLengthExponent = try c.decodeIfPresent(Double.self, forKey: .programLengthExponent) ?? d.programLengthExponent
        programIdiomShare = try c.decodeIfPresent(Double.self, forKey: .programIdiomShare) ?? d.programIdiomShare
        programPromptsFromText = try c.decodeIfPresent(Bool.self, forKey: .programPromptsFromText) ?? d.programPromptsFromText
        programAliases = try c.decodeIfPresent(Int.self, forKey: .programAliases) ?? d.programAliases
        programAliasExponent = try c.decodeIfPresent(Double.self, forKey: .programAliasExponent) ?? d.programAliasExponent
        seed = try c.decodeIfPresent(UInt64.self, forKey: .seed) ?? d.seed
    }

    // `program_idiom_share` is written only when nonzero, `program_prompts_from_text` only when on
    // and the alias fields only with aliases, so the run keys of worlds without them stay what they were.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(background, forKey: .background)
        try c.encode(facts, forKey: .facts)
        try c.encode(valueCount, forKey: .valueCount)
        try c.encode(valuePriorExponent, forKey: .valuePriorExponent)
        try c.encode(popularityExponent, forKey: .popularityExponent)
        try c.encode(relationToken, forKey: .relationToken)
        try c.encode(keyLength, forKey: .keyLength)
        try c.encode(keyPool, forKey: .keyPool)
        try c.encode(keyTokenExponent, forKey: .keyTokenExponent)
        try c.encode(familyValues, forKey: .familyValues)
        try c.encode(familyShare, forKey: .familyShare)
        try c.encode(programs, forKey: .programs)
        try c.encode(programLength, forKey: .programLength)
        try c.encode(programPopularityExponent, forKey: .programPopularityExponent)
        try c.encode(programBodyExponent, forKey: .programBodyExponent)
        try c.encode(programPromptLength, forKey: .programPromptLength)
        try c.encode(programPromptPool, forKey: .programPromptPool)
        try c.encode(programPromptTokenExponent, forKey: .programPromptTokenExponent)
        try c.encode(programMinLength, forKey: .programMinLength)
        try c.encode(programLengthExponent, forKey: .programLengthExponent)
        if programIdiomShare != 0 { try c.encode(programIdiomShare, forKey: .programIdiomShare) }
        if programPromptsFromText { try c.encode(programPromptsFromText, forKey: .programPromptsFromText) }
        if programAliases != 1 {
            try c.encode(programAliases, forKey: .programAliases)
            try c.encode(programAliasExponent, forKey: .programAliasExponent)
        }
        try c.encode(seed, forKey: .seed)
    }
}
