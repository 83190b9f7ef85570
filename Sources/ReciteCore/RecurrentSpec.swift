// The recurrent-depth variant of the model, as data (`model.recurrent` in an experiment file).
//
// A weight-tied block between the embeddings (prelude) and the output softmax (coda), applied `r`
// times, after Geiping et al. 2025 ("Scaling up Test-Time Compute with Latent Reasoning"): during
// training `r` is drawn per step (see `RecurrenceSampler`); at test time `r` is chosen
// (`evals.recurrences`). Absent from a file (nil), the model is the plain log-bilinear one.

/// The nonlinearity φ of the recurrent block `s ← s + α·(φ(s·A + e·U + c) − s)`.
public enum RecurrentActivation: String, Codable, Hashable, Sendable, CaseIterable {
    /// `tanh`: bounded states, so many iterations cannot blow up.
    case tanh
    /// `identity`: a linear block (used to show that r = 1 reduces to the log-bilinear model).
    case identity
}

/// Settings of the recurrent block and of its training-time recurrence sampler. Every field has a
/// default and a valid range (checked by `validate()`).
public struct RecurrentSpec: Codable, Hashable, Sendable {
    /// State width `D` (integer ≥ 1). Default 64.
    public var stateWidth: Int = 64
    /// Mean `r̄` of the Poisson rate λ of the training recurrence count `r = Poisson(λ) + 1`,
    /// `λ ~ LogNormal(log r̄ − σ²/2, σ)` (number > 0). Default 32 (the paper's).
    public var meanRecurrence: Double = 32
    /// Log-normal spread `σ` of λ (number ≥ 0; 0 makes λ = r̄). Default 0.5 (the paper's).
    public var recurrenceSigma: Double = 0.5
    /// Truncated backprop: gradients flow through the last `min(k_bp, r)` iterations only; the
    /// earlier ones run without gradient (integer ≥ 1). Default 8 (the paper's).
    public var backpropDepth: Int = 8
    /// Standard deviation of the random initial state `s₀` (number ≥ 0). Default 1.
    public var initialStateScale: Float = 1
    /// Standard deviation of the initial recurrent matrix `A`, in units of `1/√D` (number ≥ 0).
    /// Below 1 the initial block is a contraction. Default 0.5.
    public var recurrentInitScale: Float = 0.5
    /// Standard deviation of the initial injection matrix `U`, in units of `1/√H` (number ≥ 0). Default 1.
    public var injectionInitScale: Float = 1
    /// φ: `tanh` or `identity`. Default `tanh`.
    public var activation: RecurrentActivation = .tanh
    /// `α`, the fraction of the way each application moves the state toward the block's output:
    /// `s ← s + α·(φ(s·A + u) − s)` (number in (0, 1]). Default 1: the state is replaced. Below 1
    /// the block is a residual step whose progress per application is bounded (at most 2α per
    /// coordinate, and a random start fades like (1 − α)^r), as each application of the published
    /// model's residual, normalised block moves its state a little (docs/calibration.md, probe 26).
    public var updateFraction: Float = 1

    public init(stateWidth: Int = 64, meanRecurrence: Double = 32, recurrenceSigma: Double = 0.5, backpropDepth: Int = 8,
                initialStateScale: Float = 1, recurrentInitScale: Float = 0.5, injectionInitScale: Float = 1,
                activation: RecurrentActivation = .tanh, updateFraction: Float = 1) {
        self.stateWidth = stateWidth; self.meanRecurrence = meanRecurrence; self.recurrenceSigma = recurrenceSigma
        self.backpropDepth = backpropDepth; self.initialStateScale = initialStateScale
        self.recurrentInitScale = recurrentInitScale; self.injectionInitScale = injectionInitScale
        self.activation = activation; self.updateFraction = updateFraction
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self), d = RecurrentSpec()
        stateWidth = try c.decodeIfPresent(Int.self, forKey: .stateWidth) ?? d.stateWidth
        meanRecurrence = try c.decodeIfPresent(Double.self, forKey: .meanRecurrence) ?? d.meanRecurrence
        recurrenceSigma = try c.decodeIfPresent(Double.self, forKey: .recurrenceSigma) ?? d.recurrenceSigma
        backpropDepth = try c.decodeIfPresent(Int.self, forKey: .backpropDepth) ?? d.backpropDepth
        initialStateScale = try c.decodeIfPresent(Float.self, forKey: .initialStateScale) ?? d.initialStateScale
        recurrentInitScale = try c.decodeIfPresent(Float.self, forKey: .recurrentInitScale) ?? d.recurrentInitScale
        injectionInitScale = try c.decodeIfPresent(Float.self, forKey: .injectionInitScale) ?? d.injectionInitScale
        activation = try c.decodeIfPresent(RecurrentActivation.self, forKey: .activation) ?? d.activation
        updateFraction = try c.decodeIfPresent(Float.self, forKey: .updateFraction) ?? d.updateFraction
    }

    enum CodingKeys: String, CodingKey {
        case stateWidth, meanRecurrence, recurrenceSigma, backpropDepth, initialStateScale, recurrentInitScale
        case injectionInitScale, activation, updateFraction
    }

    /// Every field, except `update_fraction` at its default 1, so that the run keys of files
    /// written before the field existed stay the same (their runs resume instead of rerunning).
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(stateWidth, forKey: .stateWidth); try c.encode(meanRecurrence, forKey: .meanRecurrence)
        try c.encode(recurrenceSigma, forKey: .recurrenceSigma); try c.encode(backpropDepth, forKey: .backpropDepth)
        try c.encode(initialStateScale, forKey: .initialStateScale)
        try c.encode(recurrentInitScale, forKey: .recurrentInitScale)
        try c.encode(injectionInitScale, forKey: .injectionInitScale); try c.encode(activation, forKey: .activation)
        if updateFraction != 1 { try c.encode(updateFraction, forKey: .updateFraction) }
    }

    /// The first field outside its valid range, as (field, expected, found); nil when all are valid.
    /// Field names are the YAML ones under `model.recurrent`.
    public func firstInvalidField() -> (field: String, expected: String, found: String)? {
        if stateWidth < 1 { return ("state_width", "an integer ≥ 1", "\(stateWidth)") }
        if !(meanRecurrence.isFinite && meanRecurrence > 0 && meanRecurrence <= 4096) {
            return ("mean_recurrence", "a number in (0, 4096]", "\(meanRecurrence)")
        }
        if !(recurrenceSigma.isFinite && recurrenceSigma >= 0 && recurrenceSigma <= 3) {
            return ("recurrence_sigma", "a number in [0, 3]", "\(recurrenceSigma)")
        }
        if backpropDepth < 1 { return ("backprop_depth", "an integer ≥ 1", "\(backpropDepth)") }
        for (name, x) in [("initial_state_scale", initialStateScale), ("recurrent_init_scale", recurrentInitScale),
                          ("injection_init_scale", injectionInitScale)] where !(x.isFinite && x >= 0) {
            return (name, "a finite number ≥ 0", "\(x)")
        }
        if !(updateFraction.isFinite && updateFraction > 0 && updateFraction <= 1) {
            return ("update_fraction", "a number in (0, 1]", "\(updateFraction)")
        }
        return nil
    }
}

// MARK: - Counts

extension ModelSpec {
    /// Exact parameter count of the recurrent-depth model:
    /// `N = k·V_in·d (prelude) + D·D (A) + H·D (U) + D (c) + D·V_out (coda W) + V_out·[bias]`.
    public func recurrentParameterCount(_ r: RecurrentSpec, inputVocabulary vin: Int, outputClasses vout: Int) -> Int {
        let dd = r.stateWidth
        return context * vin * width + dd * dd + hiddenSize * dd + dd + dd * vout + (bias ? vout : 0)
    }

    /// Inference FLOPs per token at `r` recurrences: `2·H·D + D` (injection, once), `2·r·D²`
    /// (the block's product, r times), `2·D·V + V` (coda). φ and the softmax are not counted.
    public func recurrentInferenceFlopsPerToken(_ spec: RecurrentSpec, recurrences r: Int, outputClasses vout: Int) -> Double {
        let dd = Double(spec.stateWidth), h = Double(hiddenSize), v = Double(vout)
        return 2 * h * dd + dd + 2 * Double(r) * dd * dd + 2 * dd * v + (bias ? v : 0)
    }

    /// Training FLOPs per token at `r` recurrences with gradients through `m = min(k_bp, r)` of them:
    /// the forward above, plus `4·m·D²` (dA and ds per back-propagated iteration), `4·H·D + D`
    /// (dU, de, dc), `4·D·V + V` (dW, ds, db), and `k·d` for the embedding scatter-add.
    public func recurrentTrainingFlopsPerToken(_ spec: RecurrentSpec, recurrences r: Int, outputClasses vout: Int) -> Double {
        let dd = Double(spec.stateWidth), h = Double(hiddenSize), v = Double(vout)
        let m = Double(min(spec.backpropDepth, r))
        return recurrentInferenceFlopsPerToken(spec, recurrences: r, outputClasses: vout)
            + 4 * m * dd * dd + 4 * h * dd + dd + 4 * dd * v + (bias ? v : 0) + Double(context * width)
    }

    /// Expected training FLOPs per token under the sampler: `r` enters linearly except through
    /// `min(k_bp, r)`, so this averages the exact per-r count over the sampler's distribution.
    public func recurrentExpectedTrainingFlopsPerToken(_ spec: RecurrentSpec, outputClasses vout: Int) -> Double {
        let dd = Double(spec.stateWidth)
        let meanR = RecurrenceSampler(spec: spec).mean
        let meanM = RecurrenceSampler(spec: spec).meanTruncated(spec.backpropDepth)
        // Exact at r = 1 for the r-independent part; the r-dependent terms are linear in r and in m.
        let base = recurrentTrainingFlopsPerToken(spec, recurrences: 1, outputClasses: vout) - 2 * dd * dd - 4 * dd * dd
        return base + 2 * meanR * dd * dd + 4 * meanM * dd * dd
    }
}

extension RecurrentSpec {
    /// The documented range of every field (`model.recurrent`); cross-field checks are in `validate()`.
    public static let fieldRules: [FieldRule] = [
        .integer("state_width", 1...4096),
        .positive("mean_recurrence", upTo: 256),
        .number("recurrence_sigma", 0...3),
        .integer("backprop_depth", 1...256),
        .number("initial_state_scale", 0...100),
        .number("recurrent_init_scale", 0...100),
        .number("injection_init_scale", 0...100),
        .choice("activation", RecurrentActivation.self),
        .positive("update_fraction", upTo: 1),
    ]
}

