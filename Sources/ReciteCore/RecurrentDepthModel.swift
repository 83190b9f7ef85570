// A recurrent-depth language model: the log-bilinear prelude (embeddings of the last k tokens,
// summed or concatenated), a weight-tied block applied r times, and the log-bilinear coda (an
// output matrix, a bias and a softmax over V). After Geiping et al. 2025, at the scale of recite.
// It is not a transformer: the block is one dense layer, so "depth" here is only the recurrence.
//
//   e   = gather(E, x)            (n × H)     prelude, as LogBilinearModel
//   u   = e·U + c                 (n × D)     input injection, computed once, added every step
//   s₀  ~ N(0, σ₀²)               (n × D)     random initial state
//   a_t = φ(s_{t−1}·A + u)        (n × D)     t = 1 … r, the same A, U, c every step
//   s_t = s_{t−1} + α(a_t − s_{t−1})          α = update_fraction; α = 1: s_t = a_t
//   ℓ   = s_r·W + b               (n × V)     coda, then softmax
//
// Shapes (B = batch, k = context, d = width, H = d or k·d, D = state width, V = vocabulary):
//   embeddings  (k·V_in) × d     table j, row x at j·V_in + x
//   recurrent   D × D            A (row-major; states are row vectors, s·A)
//   injection   H × D            U
//   stateBias   D                c
//   output      D × V_out        W
//   bias        V_out            b (count 0 without a bias)

/// Parameters of a recurrent-depth model, in aligned buffers updated in place.
public final class RecurrentDepthModel: @unchecked Sendable {
    public let spec: ModelSpec
    public let block: RecurrentSpec
    public let inputVocabulary: Int
    public let outputClasses: Int
    /// `(k·V_in) × d` embedding tables, one per context position (the prelude).
    public let embeddings: FloatBuffer
    /// `D × D` weight-tied recurrent matrix `A`.
    public let recurrent: FloatBuffer
    /// `H × D` injection matrix `U`.
    public let injection: FloatBuffer
    /// `D` state bias `c`.
    public let stateBias: FloatBuffer
    /// `D × V_out` output matrix `W` (the coda).
    public let output: FloatBuffer
    /// `V_out` output bias `b` (count 0 when the spec has none).
    public let bias: FloatBuffer

    public var width: Int { spec.width }
    public var context: Int { spec.context }
    public var hiddenSize: Int { spec.hiddenSize }
    public var stateWidth: Int { block.stateWidth }

    /// Exact parameter count (see `ModelSpec.recurrentParameterCount`).
    public var parameterCount: Int { spec.recurrentParameterCount(block, inputVocabulary: inputVocabulary, outputClasses: outputClasses) }

    /// A language model over `vocabulary` tokens (inputs and outputs share the vocabulary).
    public convenience init(spec: ModelSpec, vocabulary: Int, rng: inout Xoshiro256) {
        self.init(spec: spec, inputVocabulary: vocabulary, outputClasses: vocabulary, rng: &rng)
    }

    /// Initialised from `rng` in a fixed order: E ~ N(0, (s_E/√d)²), A ~ N(0, (s_A/√D)²),
    /// U ~ N(0, (s_U/√H)²), W ~ N(0, (s_W/√D)²), c = b = 0. `spec.recurrent` must be set.
    public init(spec: ModelSpec, inputVocabulary: Int, outputClasses: Int, rng: inout Xoshiro256) {
        precondition(spec.width >= 1 && spec.context >= 1, "model width and context must be ≥ 1")
        precondition(inputVocabulary >= 1 && outputClasses >= 2, "need ≥ 1 input token and ≥ 2 classes")
        guard let block = spec.recurrent else { preconditionFailure("RecurrentDepthModel needs model.recurrent") }
        precondition(block.firstInvalidField() == nil, "invalid model.recurrent: \(block.firstInvalidField()!)")
        self.spec = spec; self.block = block
        self.inputVocabulary = inputVocabulary; self.outputClasses = outputClasses
        let dd = block.stateWidth, h = spec.hiddenSize
        embeddings = FloatBuffer(count: spec.context * inputVocabulary * spec.width)
        recurrent = FloatBuffer(count: dd * dd)
        injection = FloatBuffer(count: h * dd)
        stateBias = FloatBuffer(count: dd)
        output = FloatBuffer(count: dd * outputClasses)
        bias = FloatBuffer(count: spec.bias ? outputClasses : 0)
        func fill(_ b: FloatBuffer, _ scale: Float) {
            if scale != 0 { for i in 0..<b.count { b[i] = Float(rng.nextGaussian()) * scale } }
        }
        fill(embeddings, spec.embeddingInitScale / Float(spec.width).squareRoot())
        fill(recurrent, block.recurrentInitScale / Float(dd).squareRoot())
        fill(injection, block.injectionInitScale / Float(h).squareRoot())
        fill(output, spec.outputInitScale / Float(dd).squareRoot())
    }

    /// A deep copy (for finite-difference tests).
    public func copy() -> RecurrentDepthModel {
        var rng = Xoshiro256(seed: 0)
        let m = RecurrentDepthModel(spec: spec, inputVocabulary: inputVocabulary, outputClasses: outputClasses, rng: &rng)
        for (a, b) in zip(m.parameters, parameters) { a.copy(from: b) }
        return m
    }

    /// All parameter buffers, in a fixed order (embeddings, A, U, c, W, b).
    public var parameters: [FloatBuffer] { [embeddings, recurrent, injection, stateBias, output, bias] }
    /// Names of `parameters`, in the same order.
    public static let parameterNames = ["embeddings", "recurrent", "injection", "stateBias", "output", "bias"]
    /// Whether weight decay applies to each parameter buffer (not to the biases c and b).
    public static let decays = [true, true, true, false, true, false]

    /// True when every parameter is finite.
    public var isFinite: Bool {
        for p in parameters { for i in 0..<p.count where !p[i].isFinite { return false } }
        return true
    }
}

/// Scratch space for batches of up to `capacity` examples, with room for the last `k_bp + 1`
/// states (the ones the truncated backward needs).
public final class RecurrentWorkspace: @unchecked Sendable {
    public let capacity: Int
    /// `capacity × H` gathered prelude vectors `e`.
    public let hidden: FloatBuffer
    /// `capacity × D` injection `u = e·U + c`.
    public let injected: FloatBuffer
    /// `(k_bp + 1) × capacity × D`: slot j holds `s_{r−m+j}`, j = 0 … m.
    public let states: FloatBuffer
    /// `capacity × V_out` logits; after the loss, the logits' gradient `g`.
    public let logits: FloatBuffer
    /// `(k_bp + 1) × capacity × D` block outputs `a_t` when α < 1 (slot j: the `a` that made state
    /// slot j; slot 0 is scratch for the iterations without gradient); empty when α = 1.
    public let activations: FloatBuffer
    /// Two `capacity × D` buffers for the state gradient (ping-pong), and one for `du`.
    public let stateGradient: FloatBuffer, stateGradientNext: FloatBuffer, injectedGradient: FloatBuffer
    /// `capacity × D` pre-activation gradient `dz` when α < 1 (empty when α = 1: then `dz`
    /// overwrites the state gradient in place).
    public let blockGradient: FloatBuffer
    /// `capacity × H` gradient with respect to `e`.
    public let hiddenGradient: FloatBuffer
    /// `capacity` per-example losses of the last batch.
    public let rowLoss: FloatBuffer
    /// `Softmax.batchChunks × V_out` partial column sums of `g` (the bias gradient in the first `V_out`).
    public let columnSums: FloatBuffer
    /// Number of state slots (`k_bp + 1`).
    public let slots: Int

    public init(model: RecurrentDepthModel, capacity: Int) {
        precondition(capacity >= 1, "workspace capacity must be ≥ 1")
        self.capacity = capacity
        let dd = model.stateWidth
        slots = model.block.backpropDepth + 1
        hidden = FloatBuffer(count: capacity * model.hiddenSize)
        injected = FloatBuffer(count: capacity * dd)
        states = FloatBuffer(count: slots * capacity * dd)
        let damped = model.block.updateFraction != 1
        activations = FloatBuffer(count: damped ? slots * capacity * dd : 0)
        blockGradient = FloatBuffer(count: damped ? capacity * dd : 0)
        logits = FloatBuffer(count: capacity * model.outputClasses)
        stateGradient = FloatBuffer(count: capacity * dd)
        stateGradientNext = FloatBuffer(count: capacity * dd)
        injectedGradient = FloatBuffer(count: capacity * dd)
        hiddenGradient = FloatBuffer(count: capacity * model.hiddenSize)
        rowLoss = FloatBuffer(count: capacity)
        columnSums = FloatBuffer(count: Softmax.batchChunks * model.outputClasses)
    }
}

/// Gradients with respect to every parameter of a `RecurrentDepthModel`, shaped like it. The
/// embedding gradient is dense but only the rows in `touchedRows` are ever non-zero.
public final class RecurrentGradients: @unchecked Sendable {
    public let buffers: [FloatBuffer]
    public var touchedRows: [Int32]
    public internal(set) var touchedCount = 0

    public init(model: RecurrentDepthModel, capacity: Int) {
        buffers = model.parameters.map { FloatBuffer(count: $0.count) }
        touchedRows = [Int32](repeating: 0, count: capacity * model.context)
    }

    public var embeddings: FloatBuffer { buffers[0] }

    /// Zeroes the embedding rows touched by the last backward pass.
    public func clearEmbeddingRows(width d: Int) {
        TouchedRows.clear(touchedRows, count: touchedCount, width: d, in: embeddings.base)
        touchedCount = 0
    }
}
