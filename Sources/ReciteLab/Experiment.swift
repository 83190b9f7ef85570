// An experiment as data: what `experiments/<name>.yaml` holds, typed. Every field has a default,
// documented here; a file gives only what it changes. Keys are snake_case in YAML.
import Foundation
import ReciteCore
import ReciteWorlds

/// The data a run trains on: how much unique text, how often it is recited, in which order.
public struct DataSpec: Codable, Hashable, Sendable {
    /// `fixed-data` holds `U` (compute grows with `R`); `fixed-compute` holds `D` and sets `U = D/R`.
    public var regime: Regime = .fixedData
    /// Unique tokens `U` (fixed-data).
    public var uniqueTokens: Int = 20_000
    /// Tokens trained `D` (fixed-compute); ignored when `budget_flops` is set.
    public var tokensTrained: Int = 0
    /// A compute budget `C` in simulator FLOPs (fixed-compute; 0 = unused): `D = C / (FLOPs per
    /// token)` with FLOPs per token `6·N_dense + k·d` (`ModelSpec.trainingFlopsPerToken`; the
    /// embedding tables are gathered, not multiplied, so they are not in `N_dense`). `recite fit`
    /// recounts compute as `6·N·D` with the whole parameter count. This is how isoFLOP grids are written.
    public var budgetFlops: Double = 0
    /// Recitations `R`: how many times each unit is presented.
    public var recitations: Int = 1
    /// Where the `R` presentations go: `spaced`, `massed` or `random`.
    public var schedule: Schedule = .spaced
    /// Share of `U` that is background text (the rest: facts or programs, popular ones first).
    public var backgroundFraction: Double = 0.5
    /// Length of one background sentence, in tokens.
    public var sentenceLength: Int = 16

    public init() {}
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self), d = DataSpec()
        regime = try c.decodeIfPresent(Regime.self, forKey: .regime) ?? d.regime
        uniqueTokens = try c.decodeIfPresent(Int.self, forKey: .uniqueTokens) ?? d.uniqueTokens
        tokensTrained = try c.decodeIfPresent(Int.self, forKey: .tokensTrained) ?? d.tokensTrained
        budgetFlops = try c.decodeIfPresent(Double.self, forKey: .budgetFlops) ?? d.budgetFlops
        recitations = try c.decodeIfPresent(Int.self, forKey: .recitations) ?? d.recitations
        schedule = try c.decodeIfPresent(Schedule.self, forKey: .schedule) ?? d.schedule
        backgroundFraction = try c.decodeIfPresent(Double.self, forKey: .backgroundFraction) ?? d.backgroundFraction
        sentenceLength = try c.decodeIfPresent(Int.self, forKey: .sentenceLength) ?? d.sentenceLength
    }
}

/// How checkpoints are spread over a run.
public enum CheckpointSpacing: String, Codable, Hashable, Sendable {
    case linear, log
}

/// Batching and checkpoints.
public struct TrainingSpec: Codable, Hashable, Sendable {
    /// Examples (target tokens) per step.
    public var batchSize: Int = 64
    /// Evaluations during the run; the last one is at the end of training.
    public var checkpoints: Int = 1
    /// `linear`: at k/n of the tokens; `log`: log-spaced from 1/2^(n−1)... (for loss-vs-FLOPs envelopes).
    public var checkpointSpacing: CheckpointSpacing = .linear
    /// Batch-horizon rule: a run of `D < batchReferenceTokens` tokens trains with batches of
    /// `batchSize · (D / batchReferenceTokens)^batchHorizonExponent` examples, rounded to a multiple
    /// of 8 and at least `minBatchSize` (0: every run uses `batchSize`). The batch that trains best
    /// grows with the horizon (McCandlish et al. 2018's critical batch; DeepSeek-AI 2024 fit
    /// B_opt ∝ C^0.33; Porian et al. 2024 trace part of the Kaplan/Chinchilla gap to a batch fixed
    /// across budgets): a run of a few hundred steps is short of steps, not of gradient accuracy, and
    /// its rate cannot rise past the curvature's stability limit, while a smaller batch gives it more
    /// steps at the same rate. Log-bilinear runs only (recurrent-depth runs and the exposure and
    /// capacity probes train with `batchSize`); no committed experiment uses it (docs/calibration.md).
    public var batchHorizonExponent: Double = 0
    /// The horizon, in tokens, from which on a run trains with `batchSize`.
    public var batchReferenceTokens: Int = 1
    /// The smallest batch the batch-horizon rule may give a run.
    public var minBatchSize: Int = 8

    public init() {}
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self), d = TrainingSpec()
        batchSize = try c.decodeIfPresent(Int.self, forKey: .batchSize) ?? d.batchSize
        checkpoints = try c.decodeIfPresent(Int.self, forKey: .checkpoints) ?? d.checkpoints
        checkpointSpacing = try c.decodeIfPresent(CheckpointSpacing.self, forKey: .checkpointSpacing) ?? d.checkpointSpacing
        batchHorizonExponent = try c.decodeIfPresent(Double.self, forKey: .batchHorizonExponent) ?? d.batchHorizonExponent
        batchReferenceTokens = try c.decodeIfPresent(Int.self, forKey: .batchReferenceTokens) ?? d.batchReferenceTokens
        minBatchSize = try c.decodeIfPresent(Int.self, forKey: .minBatchSize) ?? d.minBatchSize
    }

    enum CodingKeys: String, CodingKey {
        case batchSize, checkpoints, checkpointSpacing, batchHorizonExponent, batchReferenceTokens, minBatchSize
    }

    // The rule's fields are written only when the rule is on, so the run keys of every experiment
    // without it stay what they were.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(batchSize, forKey: .batchSize)
        try c.encode(checkpoints, forKey: .checkpoints)
        try c.encode(checkpointSpacing, forKey: .checkpointSpacing)
        if batchHorizonExponent != 0 {
            try c.encode(batchHorizonExponent, forKey: .batchHorizonExponent)
            try c.encode(batchReferenceTokens, forKey: .batchReferenceTokens)
            try c.encode(minBatchSize, forKey: .minBatchSize)
        }
    }

    /// The batch of a run that trains on `tokens` tokens (see `batchHorizonExponent`): never above
    /// `batchSize`, never below `min(minBatchSize, batchSize)`.
    public func batchSize(forTokens tokens: Int) -> Int {
        guard batchHorizonExponent != 0, tokens > 0, tokens < batchReferenceTokens else { return batchSize }
        let scaled = Double(batchSize) * pow(Double(tokens) / Double(batchReferenceTokens), batchHorizonExponent)
        let rounded = Int((scaled / 8).rounded()) * 8
        return min(batchSize, max(rounded, minBatchSize))
    }
}

/// Which points of the grid to run: a filter on the product of the lists, outside the run key.
public struct GridSpec: Codable, Hashable, Sendable {
    /// `[lo, hi]`: keep only runs whose tokens trained per parameter `D/N` lies in this range
    /// (empty: every run). An isoFLOP grid lists every width at every budget; this keeps a window
    /// of widths around each budget's compute-optimal ratio, as isoFLOP studies sample sizes around
    /// the expected optimum rather than the whole ladder at every budget.
    public var tokensPerParameter: [Double] = []

    public init() {}
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self), d = GridSpec()
        tokensPerParameter = try c.decodeIfPresent([Double].self, forKey: .tokensPerParameter) ?? d.tokensPerParameter
    }
}

/// An evaluation.
public enum EvalKind: String, Codable, Hashable, Sendable, CaseIterable {
    /// Held-out cross-entropy on fresh background text, nats/token (the world's entropy rate is its floor).
    case loss
    /// Next-token accuracy over the whole vocabulary on the same held-out text.
    case top1
    /// Four-way multiple choice on facts, scored by log-likelihood (chance 25%).
    case mc
    /// Greedy decoding reproduces every token of a program (chance 0).
    case exact
}

/// Which evaluations to run, and on how much.
public struct EvalSpec: Codable, Hashable, Sendable {
    public var metrics: [EvalKind] = [.loss, .top1]
    /// Held-out background tokens for `loss` and `top1`.
    public var heldOutTokens: Int = 8192
    /// Multiple-choice questions, drawn in proportion to popularity.
    public var questions: Int = 2000
    /// Programs decoded for `exact`, drawn in proportion to popularity.
    public var programs: Int = 1000
    /// Test-time recurrence counts at which a recurrent-depth model is evaluated (integers in
    /// 1...4096); every metric is recorded once per count. Empty (the default): the training mean
    /// `r̄` rounded, plus one. Ignored by log-bilinear models.
    public var recurrences: [Int] = []
    /// How `loss` and `top1` are measured: `sampled` (the default) on `heldOutTokens` tokens of fresh
    /// text, as any study measures them; `exact`, their expectations over the background language
    /// itself, Σ_x P(x) Σ_y P(y|x)·(−log q(y|x)), which only a simulator can compute: no sampling
    /// error, and the entropy floor is then a strict lower bound. Needs `model.context = 1` (the
    /// language is first-order, so the V + 1 contexts are every context there is).
    public var heldOutEstimate: HeldOutEstimate = .sampled

    public init() {}
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self), d = EvalSpec()
        metrics = try c.decodeIfPresent([EvalKind].self, forKey: .metrics) ?? d.metrics
        heldOutTokens = try c.decodeIfPresent(Int.self, forKey: .heldOutTokens) ?? d.heldOutTokens
        questions = try c.decodeIfPresent(Int.self, forKey: .questions) ?? d.questions
        programs = try c.decodeIfPresent(Int.self, forKey: .programs) ?? d.programs
        recurrences = try c.decodeIfPresent([Int].self, forKey: .recurrences) ?? d.recurrences
        heldOutEstimate = try c.decodeIfPresent(HeldOutEstimate.self, forKey: .heldOutEstimate) ?? d.heldOutEstimate
    }

    enum CodingKeys: String, CodingKey {
        case metrics, heldOutTokens, questions, programs, recurrences, heldOutEstimate
    }

    // `held_out_estimate` is written only when it is not the default, so the run keys of every
    // experiment that samples its held-out text stay what they were.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(metrics, forKey: .metrics)
        try c.encode(heldOutTokens, forKey: .heldOutTokens)
        try c.encode(questions, forKey: .questions)
        try c.encode(programs, forKey: .programs)
        try c.encode(recurrences, forKey: .recurrences)
        if heldOutEstimate != .sampled { try c.encode(heldOutEstimate, forKey: .heldOutEstimate) }
    }
}

/// How held-out `loss` and `top1` are measured (see `EvalSpec.heldOutEstimate`).
public enum HeldOutEstimate: String, Codable, Hashable, Sendable, CaseIterable {
    case sampled, exact
}

/// One fully specified training run (a point of a sweep's grid).
public struct Experiment: Codable, Hashable, Sendable {
    /// Name of the experiment; results go to `results/<name>/`.
    public var name: String = "experiment"
    /// Free text; not part of the run key.
    public var description: String = ""
    /// The figures made from this experiment's runs, by id (a name or a list of names in YAML); each
    /// selects a type of `ReciteFigures` (its curves, shape claims and chart). Empty for none. Not
    /// part of the run key.
    public var figure: [String] = []
    /// Seed of everything random in the run: world, corpus order, initialisation, eval questions.
    public var seed: Int = 1
    public var world: WorldSpec = WorldSpec()
    public var model: ModelSpec = ModelSpec()
    public var optimizer: OptimizerSpec = OptimizerSpec()
    public var data: DataSpec = DataSpec()
    public var training: TrainingSpec = TrainingSpec()
    public var evals: EvalSpec = EvalSpec()
    /// Which grid points to run (not part of the run key: it selects runs, it does not change one).
    public var grid: GridSpec = GridSpec()
    /// The pointer-chasing task (`pointer_chase`); absent (the default) for none. When present, a
    /// run trains and evaluates on it instead of the world's corpus (see `PointerChase`), and the
    /// model must be recurrent-depth (`model.recurrent`).
    public var pointerChase: PointerChaseSpec? = nil
    /// What `--scale NAME` changes in this file (not part of the run key: the overrides it names are).
    public var scales: ScaleSpec = ScaleSpec()

    public init() {}
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self), d = Experiment()
        name = try c.decodeIfPresent(String.self, forKey: .name) ?? d.name
        description = try c.decodeIfPresent(String.self, forKey: .description) ?? d.description
        // `figure: x` is short for `figure: [x]`.
        if let one = try? c.decodeIfPresent(String.self, forKey: .figure) { figure = one.isEmpty ? [] : [one] } else {
            figure = try c.decodeIfPresent([String].self, forKey: .figure) ?? d.figure
        }
        seed = try c.decodeIfPresent(Int.self, forKey: .seed) ?? d.seed
        world = try c.decodeIfPresent(WorldSpec.self, forKey: .world) ?? d.world
        model = try c.decodeIfPresent(ModelSpec.self, forKey: .model) ?? d.model
        optimizer = try c.decodeIfPresent(OptimizerSpec.self, forKey: .optimizer) ?? d.optimizer
        data = try c.decodeIfPresent(DataSpec.self, forKey: .data) ?? d.data
        training = try c.decodeIfPresent(TrainingSpec.self, forKey: .training) ?? d.training
        evals = try c.decodeIfPresent(EvalSpec.self, forKey: .evals) ?? d.evals
        grid = try c.decodeIfPresent(GridSpec.self, forKey: .grid) ?? d.grid
        pointerChase = try c.decodeIfPresent(PointerChaseSpec.self, forKey: .pointerChase)
        scales = try c.decodeIfPresent(ScaleSpec.self, forKey: .scales) ?? d.scales
    }
}
