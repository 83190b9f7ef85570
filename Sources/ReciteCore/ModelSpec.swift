// What a model is, as data: decoded from experiment files, saved beside every result.

/// How the embeddings of the `k` context tokens are combined into the hidden vector.
public enum ContextCombine: String, Codable, Hashable, Sendable, CaseIterable {
    /// `h = Σ_j E_j[x_j]`: hidden size `d`; cheap, but cannot tell positions apart beyond their tables.
    case sum
    /// `h = [E_1[x_1]; …; E_k[x_k]]`: hidden size `k·d`; the output layer sees each position separately.
    case concat
}

/// Architecture of a log-bilinear softmax model. Every field has a default, so a YAML file may
/// give only what it changes.
public struct ModelSpec: Codable, Hashable, Sendable {
    /// Embedding width `d`.
    public var width: Int = 32
    /// Context length `k ≥ 1`: how many previous tokens the model sees (one `V×d` table each).
    public var context: Int = 1
    /// `sum` or `concat` of the context embeddings.
    public var combine: ContextCombine = .sum
    /// Whether the output layer has a bias `b` (length `V`).
    public var bias: Bool = true
    /// Standard deviation of the initial embeddings, in units of `1/√d`.
    public var embeddingInitScale: Float = 1
    /// Standard deviation of the initial output matrix, in units of `1/√H`.
    public var outputInitScale: Float = 0
    /// The recurrent-depth block between embeddings and output (`model.recurrent`); nil (absent
    /// from the file, the default) is the plain log-bilinear model. See `RecurrentSpec`.
    public var recurrent: RecurrentSpec? = nil

    public init(width: Int = 32, context: Int = 1, combine: ContextCombine = .sum, bias: Bool = true,
                embeddingInitScale: Float = 1, outputInitScale: Float = 0, recurrent: RecurrentSpec? = nil) {
        self.width = width; self.context = context; self.combine = combine; self.bias = bias
        self.embeddingInitScale = embeddingInitScale; self.outputInitScale = outputInitScale
        self.recurrent = recurrent
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = ModelSpec()
        width = try c.decodeIfPresent(Int.self, forKey: .width) ?? d.width
        context = try c.decodeIfPresent(Int.self, forKey: .context) ?? d.context
        combine = try c.decodeIfPresent(ContextCombine.self, forKey: .combine) ?? d.combine
        bias = try c.decodeIfPresent(Bool.self, forKey: .bias) ?? d.bias
        embeddingInitScale = try c.decodeIfPresent(Float.self, forKey: .embeddingInitScale) ?? d.embeddingInitScale
        outputInitScale = try c.decodeIfPresent(Float.self, forKey: .outputInitScale) ?? d.outputInitScale
        recurrent = try c.decodeIfPresent(RecurrentSpec.self, forKey: .recurrent)
    }

    // MARK: - Ranges

    /// Every field's documented range, in YAML keys (checked by the lab before a grid is built).
    public static let fieldRules: [FieldRule] = [
        .integer("width", 1...65_536),
        .integer("context", 1...64),
        .choice("combine", ContextCombine.self),
        .flag("bias"),
        .number("embedding_init_scale", 0...100),
        .number("output_init_scale", 0...100),
        FieldRule("recurrent", .section(RecurrentSpec.fieldRules)),
    ]

    /// Checks every field against `fieldRules` (sizes that depend on the vocabulary are the lab's).
    public func validate() throws {
        let r = Self.fieldRules
        try r.check("model", "width", integer: width)
        try r.check("model", "context", integer: context)
        try r.check("model", "embedding_init_scale", number: Double(embeddingInitScale))
        try r.check("model", "output_init_scale", number: Double(outputInitScale))
    }

    /// Hidden size `H`: `d` for `sum`, `k·d` for `concat`.
    public var hiddenSize: Int { combine == .sum ? width : context * width }

    /// Exact parameter count `N = k·V_in·d + H·V_out + V_out·[bias]`.
    public func parameterCount(inputVocabulary vin: Int, outputClasses vout: Int) -> Int {
        context * vin * width + hiddenSize * vout + (bias ? vout : 0)
    }

    /// Parameters of the dense output layer, `H·V_out + V_out·[bias]`: the part whose training cost is
    /// `6·N_dense` FLOPs per token (2 forward, 4 backward). The embedding gather is a copy (0 FLOPs);
    /// its backward scatter-add costs `k·d` adds per token, counted separately.
    public func denseParameterCount(outputClasses vout: Int) -> Int {
        hiddenSize * vout + (bias ? vout : 0)
    }

    /// Training FLOPs per token: `6·N_dense` for the three products and bias, plus `k·d` for the
    /// embedding scatter-add. Softmax work (≈ 5·V) is not counted, as is usual.
    public func trainingFlopsPerToken(outputClasses vout: Int) -> Double {
        6 * Double(denseParameterCount(outputClasses: vout)) + Double(context * width)
    }
}
