// The five numbers that define a synthetic Markov language, with the `web` and `code` presets.
import ReciteCore

/// Parameters of a `MarkovLanguage`: `P(y|x) = λ·S_x(y) + (1−λ)·u(y)`.
///
/// `u` is Zipf(`unigramExponent`) over the `vocabulary` tokens; `S_x` puts Zipf(`successorExponent`)
/// weights on `successors` distinct tokens drawn for `x` in proportion to `u`. The rank-one part
/// `u` keeps the chain ergodic and gives every token a heavy-tailed frequency; the sparse part
/// gives frequent contexts predictable continuations, which a rank-limited model learns first.
///
/// Decoding: every field may be omitted and then takes the `web` preset's value; a YAML/JSON
/// scalar string (`background: code`) decodes as that preset. Encoding always writes every field,
/// so the lab can detect unknown keys by comparing a mapping's keys with the encoded ones.
public struct LanguageSpec: Codable, Hashable, Sendable {
    /// Number of tokens `n` (ids `offset..<offset+n` inside a world). Default 1024.
    public var vocabulary: Int
    /// Zipf exponent of the unigram mixture `u` (rank `r` has weight `1/r^s`). Default 1.0.
    public var unigramExponent: Double
    /// Number `m` of preferred successors per token (1 ≤ m ≤ n). Default 16 (web), 3 (code).
    public var successors: Int
    /// Zipf exponent over the `m` successors, in the order drawn. Default 1.0 (web), 1.5 (code).
    public var successorExponent: Double
    /// Weight `λ ∈ [0, 1)` of the sparse part; λ < 1 keeps the chain ergodic. Default 0.7 (web), 0.95 (code).
    public var structure: Double
    /// A label for tables and plots (`web`, `code`, …); it changes nothing in the language. A mapping
    /// that gives no name inherits `web`'s, like its other fields.
    public var name: String

    public init(
        vocabulary: Int = 1024, unigramExponent: Double = 1.0, successors: Int = 16,
        successorExponent: Double = 1.0, structure: Double = 0.7, name: String = "web"
    ) {
        self.name = name
        self.vocabulary = vocabulary
        self.unigramExponent = unigramExponent
        self.successors = successors
        self.successorExponent = successorExponent
        self.structure = structure
    }

    // MARK: - Presets

    /// Web-like text: many plausible continuations, high entropy (3.64 nats/token with seed 7; n = 40,960: 4.40).
    public static let web = LanguageSpec()

    /// Code-like text: few, sharply ranked continuations, low entropy (1.27 nats/token with seed 7, about 0.35 of web, like GitHub vs C4).
    public static let code = LanguageSpec(
        vocabulary: 1024, unigramExponent: 1.0, successors: 3, successorExponent: 1.5, structure: 0.95, name: "code")

    /// Preset names accepted where a spec is expected.
    public static let presets: [String: LanguageSpec] = ["web": .web, "code": .code]

    /// The preset called `name`, or `WorldError.unknownPreset`.
    public static func preset(named name: String) throws -> LanguageSpec {
        guard let spec = presets[name] else {
            throw WorldError.unknownPreset(name: name, known: presets.keys.sorted())
        }
        return spec
    }

    /// A copy with another vocabulary size (e.g. the 40,960-token world of the top-1 figure).
    public func with(vocabulary n: Int) -> LanguageSpec {
        var copy = self
        copy.vocabulary = n
        return copy
    }

    // MARK: - Validation

    /// Largest vocabulary of a language (and of a whole world): the evaluator's 256 × V logits stay under 256 MB.
    public static let maxVocabulary = 262_144
    /// Largest vocabulary of a whole world: BOS and one language of the largest size.
    public static let maxWorldVocabulary = maxVocabulary + 1

    /// Every field's documented range, in YAML keys (checked by the lab before a grid is built).
    public static let fieldRules: [FieldRule] = [
        .integer("vocabulary", 2...maxVocabulary),
        .number("unigram_exponent", 0...10),
        .integer("successors", 1...maxVocabulary),
        .number("successor_exponent", 0...10),
        .fraction("structure"),
        FieldRule("name", .text(maxLength: 64, label: true)),
    ]

    /// Checks every field; the lab calls this before building a world.
    public func validate() throws {
        let s = "background"
        try require(
            vocabulary >= 2 && vocabulary <= Self.maxVocabulary, spec: s, field: "vocabulary",
            expected: "an integer in 2...\(Self.maxVocabulary)", found: "\(vocabulary)")
        try require(
            successors >= 1 && successors <= vocabulary, spec: s, field: "successors",
            expected: "an integer in 1...\(vocabulary)", found: "\(successors)")
        try require(
            unigramExponent.isFinite && unigramExponent >= 0 && unigramExponent <= 10, spec: s, field: "unigramExponent",
            expected: "a number in [0, 10]", found: "\(unigramExponent)")
        try require(
            successorExponent.isFinite && successorExponent >= 0 && successorExponent <= 10, spec: s, field: "successorExponent",
            expected: "a number in [0, 10]", found: "\(successorExponent)")
        try require(
            structure >= 0 && structure < 1, spec: s, field: "structure",
            expected: "a number in [0, 1)", found: "\(structure)")
    }

    // MARK: - Codable

    private enum CodingKeys: String, CodingKey {
        case vocabulary, unigramExponent, successors, successorExponent, structure, name
    }

    public init(from decoder: any Decoder) throws {
        if let single = try? decoder.singleValueContainer(), let name = try? single.decode(String.self) {
            self = try LanguageSpec.preset(named: name)
            return
        }
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = LanguageSpec.web
        vocabulary = try c.decodeIfPresent(Int.self, forKey: .vocabulary) ?? d.vocabulary
        unigramExponent = try c.decodeIfPresent(Double.self, forKey: .unigramExponent) ?? d.unigramExponent
        successors = try c.decodeIfPresent(Int.self, forKey: .successors) ?? d.successors
        successorExponent = try c.decodeIfPresent(Double.self, forKey: .successorExponent) ?? d.successorExponent
        structure = try c.decodeIfPresent(Double.self, forKey: .structure) ?? d.structure
        name = try c.decodeIfPresent(String.self, forKey: .name) ?? d.name
    }
}
