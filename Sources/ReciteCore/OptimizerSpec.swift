// Optimizers and learning-rate schedules, as data.

/// The update rule.
public enum OptimizerKind: String, Codable, Hashable, Sendable, CaseIterable {
    /// SGD with optional heavy-ball momentum and L2 weight decay (PyTorch semantics).
    case sgd
    /// Adam with decoupled weight decay (Loshchilov & Hutter 2019; PyTorch semantics).
    case adamw
}

/// The learning-rate schedule over a run of `T` steps.
public enum LearningRateScheduleKind: String, Codable, Hashable, Sendable, CaseIterable {
    /// `lr(t) = peak` after the warmup.
    case constant
    /// Linear warmup to `peak`, then a half cosine down to `finalFraction · peak` at step `T`.
    case cosine
}

/// An optimizer with its hyper-parameters. Weight decay applies to the embeddings and the output
/// matrix, never to the bias.
public struct OptimizerSpec: Codable, Hashable, Sendable {
    public var kind: OptimizerKind = .sgd
    /// Peak learning rate.
    public var learningRate: Float = 0.5
    /// SGD momentum μ (0: plain SGD, which takes the fused, gradient-free update path).
    public var momentum: Float = 0
    /// Weight decay λ: L2 added to the gradient for SGD, decoupled for AdamW.
    public var weightDecay: Float = 0
    public var beta1: Float = 0.9
    public var beta2: Float = 0.999
    public var epsilon: Float = 1e-8
    public var schedule: LearningRateScheduleKind = .constant
    /// Share of the run spent in linear warmup.
    public var warmupFraction: Double = 0
    /// Final learning rate of the cosine schedule, as a share of the peak.
    public var finalFraction: Double = 0.1
    /// Width-scaling rule for the peak rate: a model of width `d > referenceWidth` trains at
    /// `learningRate · (referenceWidth / d)^widthExponent`, one of width `d ≤ referenceWidth` at
    /// `learningRate` (0: the same rate at every width). Wider models diverge at lower rates (d ≥ 32
    /// at 16 where d = 8 does not), and the narrowest ones, whose few directions carry every
    /// update, grow unstable in long runs at the rates that short ones tolerate.
    public var widthExponent: Double = 0
    /// The width up to which the peak rate is `learningRate` (used only with a nonzero `widthExponent`).
    public var referenceWidth: Int = 1
    /// Whether the width rule also raises the rate of models narrower than `referenceWidth`, so that
    /// every width trains at `learningRate · (referenceWidth / d)^widthExponent`. With Adam a
    /// parameter moves about the rate per step whatever its gradient, so a summed readout of width d
    /// gains about d times the rate in margin per exposure; exponent 1 on both sides keeps that gain,
    /// and the exposure response, the same at every width, and leaves width to set capacity alone
    /// (the rate-per-width transfer that μP gives Adam's matrix parameters; docs/calibration.md).
    public var widthRuleTwoSided: Bool = false
    /// Token-horizon rule for the peak rate: a run of `D < referenceTokens` tokens trains at its
    /// width's rate times `(referenceTokens / D)^horizonExponent`, at most `horizonMaxFactor` times
    /// it (0: no horizon rule). SGD's best fixed-horizon rate falls with the horizon (≈ T^(−1/2) for
    /// a noisy quadratic; Bjorck et al. 2025 measure the same fall for LLMs), so the shortest runs of
    /// a sweep, a few dozen steps, are under-trained at the rate that suits long ones; runs at or
    /// beyond `referenceTokens` keep their width's rate.
    public var horizonExponent: Double = 0
    /// The horizon, in tokens, from which on a run keeps its width's rate.
    public var referenceTokens: Int = 1
    /// The largest factor the horizon rule may raise a rate by. The rate a run tolerates falls the
    /// longer it holds it: in the isoFLOP sweep ×2 (η = 16) diverged or spiked in runs of 8k-55k
    /// tokens where ×√2 did not (docs/calibration.md, "Learning rate per token horizon").
    public var horizonMaxFactor: Double = 2
    /// The smallest factor the horizon rule may lower a rate by, for runs longer than
    /// `referenceTokens` (1: long runs keep their width's rate). Below 1 the rule is two-sided: a run
    /// of `D > referenceTokens` tokens trains at its width's rate times
    /// `max((referenceTokens / D)^horizonExponent, horizonMinFactor)`. Tried against the narrowest
    /// models' spikes in long runs: 0.5 removed one, but cost the longest runs 0.05 nats, so no
    /// committed experiment uses it (docs/calibration.md, "2026-12-02: the bend measured …").
    public var horizonMinFactor: Double = 1
    /// Global gradient-norm clipping: when the gradient over every parameter buffer has L2 norm
    /// `‖g‖ > clipNorm`, the step uses `g · clipNorm / ‖g‖` (0: no clipping). Language-model training
    /// clips at 1.0 as a matter of course (Chinchilla, GPT-3, OPT) so that the rare batch whose
    /// gradient is far above the typical one cannot throw the parameters out of the basin the
    /// schedule's rate is stable in. A clipped plain-SGD run takes the gradient path (the norm needs
    /// the whole gradient before any parameter moves).
    public var clipNorm: Double = 0
    /// Lazy (sparse) Adam for the embedding table, AdamW only: a step updates the parameters and
    /// both moments of the embedding rows in its batch alone, and leaves every other row as it is,
    /// as TensorFlow's LazyAdam and PyTorch's SparseAdam do for large embedding tables (the bias
    /// corrections still count global steps). With dense Adam a row keeps moving for about
    /// 1/(1 − β₁) steps after each use, on momentum it no longer has a gradient for, so every use moves
    /// it about the same distance whatever its gradient; lazily, a row's moments average its own uses,
    /// so its step follows how its gradients compare with its own history. The output matrix and the
    /// bias, whose gradients are dense, keep dense AdamW.
    public var lazyEmbeddings: Bool = false

    public init() {}

    /// This spec with the peak rate of a model of width `width` (see `widthExponent`).
    public func scaled(toWidth width: Int) -> OptimizerSpec {
        guard widthExponent != 0, width > referenceWidth || widthRuleTwoSided, width > 0, referenceWidth > 0,
              width != referenceWidth else { return self }
        var s = self
        s.learningRate = Float(Double(learningRate) * pow(Double(referenceWidth) / Double(width), widthExponent))
        return s
    }

    /// This spec with the peak rate of a model of width `width` trained on `tokens` tokens (the
    /// width rule, then the horizon rule; see `widthExponent` and `horizonExponent`).
    public func scaled(toWidth width: Int, tokens: Int) -> OptimizerSpec {
        var s = scaled(toWidth: width)
        guard horizonExponent != 0, tokens > 0, tokens != referenceTokens else { return s }
        let power = pow(Double(referenceTokens) / Double(tokens), horizonExponent)
        if tokens < referenceTokens {
            s.learningRate = Float(Double(s.learningRate) * min(power, max(horizonMaxFactor, 1)))
        } else if horizonMinFactor < 1 {
            s.learningRate = Float(Double(s.learningRate) * max(power, horizonMinFactor))
        }
        return s
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = OptimizerSpec()
        kind = try c.decodeIfPresent(OptimizerKind.self, forKey: .kind) ?? d.kind
        learningRate = try c.decodeIfPresent(Float.self, forKey: .learningRate) ?? d.learningRate
        momentum = try c.decodeIfPresent(Float.self, forKey: .momentum) ?? d.momentum
        weightDecay = try c.decodeIfPresent(Float.self, forKey: .weightDecay) ?? d.weightDecay
        beta1 = try c.decodeIfPresent(Float.self, forKey: .beta1) ?? d.beta1
        beta2 = try c.decodeIfPresent(Float.self, forKey: .beta2) ?? d.beta2
        epsilon = try c.decodeIfPresent(Float.self, forKey: .epsilon) ?? d.epsilon
        schedule = try c.decodeIfPresent(LearningRateScheduleKind.self, forKey: .schedule) ?? d.schedule
        warmupFraction = try c.decodeIfPresent(Double.self, forKey: .warmupFraction) ?? d.warmupFraction
        finalFraction = try c.decodeIfPresent(Double.self, forKey: .finalFraction) ?? d.finalFraction
        widthExponent = try c.decodeIfPresent(Double.self, forKey: .widthExponent) ?? d.widthExponent
        referenceWidth = try c.decodeIfPresent(Int.self, forKey: .referenceWidth) ?? d.referenceWidth
        widthRuleTwoSided = try c.decodeIfPresent(Bool.self, forKey: .widthRuleTwoSided) ?? d.widthRuleTwoSided
        horizonExponent = try c.decodeIfPresent(Double.self, forKey: .horizonExponent) ?? d.horizonExponent
        referenceTokens = try c.decodeIfPresent(Int.self, forKey: .referenceTokens) ?? d.referenceTokens
        horizonMaxFactor = try c.decodeIfPresent(Double.self, forKey: .horizonMaxFactor) ?? d.horizonMaxFactor
        horizonMinFactor = try c.decodeIfPresent(Double.self, forKey: .horizonMinFactor) ?? d.horizonMinFactor
        clipNorm = try c.decodeIfPresent(Double.self, forKey: .clipNorm) ?? d.clipNorm
        lazyEmbeddings = try c.decodeIfPresent(Bool.self, forKey: .lazyEmbeddings) ?? d.lazyEmbeddings
    }

    enum CodingKeys: String, CodingKey {
        case kind, learningRate, momentum, weightDecay, beta1, beta2, epsilon, schedule, warmupFraction, finalFraction
        case widthExponent, referenceWidth, widthRuleTwoSided, horizonExponent, referenceTokens, horizonMaxFactor, horizonMinFactor, clipNorm
        case lazyEmbeddings
    }

    // `clip_norm`, `width_rule_two_sided` and `lazy_embeddings` are written only when on, so the run keys of every
    // experiment without them stay what they were.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(kind, forKey: .kind)
        try c.encode(learningRate, forKey: .learningRate)
        try c.encode(momentum, forKey: .momentum)
        try c.encode(weightDecay, forKey: .weightDecay)
        try c.encode(beta1, forKey: .beta1)
        try c.encode(beta2, forKey: .beta2)
        try c.encode(epsilon, forKey: .epsilon)
        try c.encode(schedule, forKey: .schedule)
        try c.encode(warmupFraction, forKey: .warmupFraction)
        try c.encode(finalFraction, forKey: .finalFraction)
        try c.encode(widthExponent, forKey: .widthExponent)
        try c.encode(referenceWidth, forKey: .referenceWidth)
        if widthRuleTwoSided { try c.encode(widthRuleTwoSided, forKey: .widthRuleTwoSided) }
        try c.encode(horizonExponent, forKey: .horizonExponent)
        try c.encode(referenceTokens, forKey: .referenceTokens)
        try c.encode(horizonMaxFactor, forKey: .horizonMaxFactor)
        try c.encode(horizonMinFactor, forKey: .horizonMinFactor)
        if clipNorm != 0 { try c.encode(clipNorm, forKey: .clipNorm) }
        if lazyEmbeddings { try c.encode(lazyEmbeddings, forKey: .lazyEmbeddings) }
    }
}

// MARK: - Ranges

extension OptimizerSpec {
    /// Every field's documented range, in YAML keys (checked by the lab before a grid is built).
    public static let fieldRules: [FieldRule] = [
        .choice("kind", OptimizerKind.self),
        .positive("learning_rate", upTo: 1000),
        .fraction("momentum"),
        .number("weight_decay", 0...10),
        .fraction("beta1"),
        .fraction("beta2"),
        .positive("epsilon", upTo: 1),
        .choice("schedule", LearningRateScheduleKind.self),
        .number("warmup_fraction", 0...1),
        .number("final_fraction", 0...1),
        .number("width_exponent", 0...4),
        .integer("reference_width", 1...65_536),
        .flag("width_rule_two_sided"),
        .number("horizon_exponent", 0...2),
        .integer("reference_tokens", 1...1_000_000_000_000),
        .number("horizon_max_factor", 1...16),
        .positive("horizon_min_factor", upTo: 1),
        .number("clip_norm", 0...1000),
        .flag("lazy_embeddings"),
    ]

    /// Checks every field against `fieldRules`.
    public func validate() throws {
        let r = Self.fieldRules
        try r.check("optimizer", "learning_rate", number: Double(learningRate))
        try r.check("optimizer", "momentum", number: Double(momentum))
        try r.check("optimizer", "weight_decay", number: Double(weightDecay))
        try r.check("optimizer", "beta1", number: Double(beta1))
        try r.check("optimizer", "beta2", number: Double(beta2))
        try r.check("optimizer", "epsilon", number: Double(epsilon))
        try r.check("optimizer", "warmup_fraction", number: warmupFraction)
        try r.check("optimizer", "final_fraction", number: finalFraction)
        if lazyEmbeddings && kind != .adamw {
            throw SpecError(spec: "optimizer", field: "lazy_embeddings", expected: "false unless kind is adamw",
                            found: "true with kind \(kind.rawValue)")
        }
    }
}

/// The learning rate at each step of a run of `totalSteps` steps.
public struct LearningRateSchedule: Sendable {
    public let spec: OptimizerSpec
    public let totalSteps: Int

    public init(spec: OptimizerSpec, totalSteps: Int) {
        self.spec = spec; self.totalSteps = max(totalSteps, 1)
    }

    /// Learning rate for step `t` (0-based).
    public func rate(at t: Int) -> Float {
        let peak = Double(spec.learningRate)
        let warm = Int((spec.warmupFraction * Double(totalSteps)).rounded())
        if t < warm { return Float(peak * Double(t + 1) / Double(warm)) }
        switch spec.schedule {
        case .constant:
            return Float(peak)
        case .cosine:
            let span = max(totalSteps - warm, 1)
            let progress = min(Double(t - warm) / Double(span), 1)
            let floor = spec.finalFraction * peak
            return Float(floor + (peak - floor) * 0.5 * (1 + cosPi(progress)))
        }
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
@inline(__always) private func cosPi(_ x: Double) -> Double { cos(Double.pi * x) }
