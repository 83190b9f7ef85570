// A log-bilinear softmax model: the last k tokens' embeddings, summed or concatenated, then a
// linear map to V output logits and a softmax. Logistic regression is its two-class case
// (`outputClasses == 2`: the softmax over two logits is the sigmoid of their difference).
//
// Shapes (B = batch, k = context, d = width, H = d or k·d, V_in inputs, V_out outputs):
//   embeddings  (k·V_in) × d   table j, row x at j·V_in + x
//   output      H × V_out      row-major
//   bias        V_out
//   hidden      B × H          gathered
//   logits      B × V_out      hidden · output (+ bias)

/// Parameters of a log-bilinear softmax model, in aligned buffers updated in place.
public final class LogBilinearModel: @unchecked Sendable {
    public let spec: ModelSpec
    public let inputVocabulary: Int
    public let outputClasses: Int
    /// `(k·V_in) × d` embedding tables, one per context position.
    public let embeddings: FloatBuffer
    /// `H × V_out` output matrix.
    public let output: FloatBuffer
    /// `V_out` output bias (count 0 when the spec has none).
    public let bias: FloatBuffer

    public var width: Int { spec.width }
    public var context: Int { spec.context }
    public var hiddenSize: Int { spec.hiddenSize }

    /// Exact parameter count `N`.
    public var parameterCount: Int { spec.parameterCount(inputVocabulary: inputVocabulary, outputClasses: outputClasses) }

    /// A language model over `vocabulary` tokens (inputs and outputs share the vocabulary).
    public convenience init(spec: ModelSpec, vocabulary: Int, rng: inout Xoshiro256) {
        self.init(spec: spec, inputVocabulary: vocabulary, outputClasses: vocabulary, rng: &rng)
    }

    /// A model mapping contexts over `inputVocabulary` tokens to `outputClasses` classes, initialised
    /// from `rng`: embeddings ~ N(0, (s_E/√d)²), output ~ N(0, (s_W/√H)²), bias 0.
    public init(spec: ModelSpec, inputVocabulary: Int, outputClasses: Int, rng: inout Xoshiro256) {
        precondition(spec.width >= 1 && spec.context >= 1, "model width and context must be ≥ 1")
        precondition(inputVocabulary >= 1 && outputClasses >= 2, "need ≥ 1 input token and ≥ 2 classes")
        self.spec = spec; self.inputVocabulary = inputVocabulary; self.outputClasses = outputClasses
        embeddings = FloatBuffer(count: spec.context * inputVocabulary * spec.width)
        output = FloatBuffer(count: spec.hiddenSize * outputClasses)
        bias = FloatBuffer(count: spec.bias ? outputClasses : 0)
        let se = spec.embeddingInitScale / Float(spec.width).squareRoot()
        for i in 0..<embeddings.count { embeddings[i] = Float(rng.nextGaussian()) * se }
        let sw = spec.outputInitScale / Float(spec.hiddenSize).squareRoot()
        if sw != 0 { for i in 0..<output.count { output[i] = Float(rng.nextGaussian()) * sw } }
    }

    /// A deep copy (for finite-difference tests and checkpoints).
    public func copy() -> LogBilinearModel {
        var rng = Xoshiro256(seed: 0)
        let m = LogBilinearModel(spec: spec, inputVocabulary: inputVocabulary, outputClasses: outputClasses, rng: &rng)
        m.embeddings.copy(from: embeddings); m.output.copy(from: output); m.bias.copy(from: bias)
        return m
    }

    /// All parameter buffers, in a fixed order (embeddings, output, bias).
    public var parameters: [FloatBuffer] { [embeddings, output, bias] }

    /// True when every parameter is finite.
    public var isFinite: Bool {
        for p in parameters { for i in 0..<p.count where !p[i].isFinite { return false } }
        return true
    }
}
