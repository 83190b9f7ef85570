// The documented range of every field of an experiment file, one line per field. The loader checks
// a file against these lists before it builds the grid (see `ExperimentLoader+Check.swift`), and
// `FieldRuleTests` fails when a spec gains a field without its line here or in its spec's `fieldRules`.
import ReciteCore
import ReciteWorlds

extension Experiment {
    /// Most runs one file (with its overrides) may describe: a grid larger than this is a typo more
    /// often than a plan, and its configs alone would take a while to build.
    public static let maxGridSize = 10_000
    /// Most parameters of one model: 0.4 GB a copy, and AdamW keeps four.
    public static let maxParameters = 100_000_000
    /// Most floats of one batch's logits (`batch_size × V`): 512 MB.
    public static let maxBatchLogits = 134_217_728
    /// Most tokens one run trains (`U·R`, or what `budget_flops` buys): the presentation order alone takes 4 bytes each.
    public static let maxTokensTrained = 500_000_000

    /// The top level of an experiment file.
    public static let fieldRules: [FieldRule] = [
        FieldRule("name", .text(maxLength: 100, label: true), gridAxis: false),
        FieldRule("description", .text(maxLength: 10_000, label: false), gridAxis: false),
        FieldRule("figure", .text(maxLength: 64, label: false), gridAxis: false, acceptsList: true),
        .integer("seed", 0...2_147_483_647),
        FieldRule("world", .section(WorldSpec.fieldRules)),
        FieldRule("model", .section(ModelSpec.fieldRules)),
        FieldRule("optimizer", .section(OptimizerSpec.fieldRules)),
        FieldRule("data", .section(DataSpec.fieldRules)),
        FieldRule("training", .section(TrainingSpec.fieldRules)),
        FieldRule("evals", .section(EvalSpec.fieldRules)),
        FieldRule("grid", .section(GridSpec.fieldRules)),
        FieldRule("pointer_chase", .section(PointerChaseSpec.fieldRules)),
        FieldRule("scales", .section(ScaleSpec.fieldRules)),
    ]
}

extension DataSpec {
    public static let fieldRules: [FieldRule] = [
        .choice("regime", Regime.self),
        .integer("unique_tokens", 1...100_000_000),
        .integer("tokens_trained", 0...Experiment.maxTokensTrained),
        .number("budget_flops", 0...1e18),
        .integer("recitations", 1...1_000_000),
        .choice("schedule", Schedule.self),
        .number("background_fraction", 0...1),
        .integer("sentence_length", 1...4096),
    ]
}

extension TrainingSpec {
    public static let fieldRules: [FieldRule] = [
        .integer("batch_size", 1...65_536),
        .integer("checkpoints", 1...1000),
        FieldRule("checkpoint_spacing", .choice(["linear", "log"])),
        .number("batch_horizon_exponent", 0...2),
        .integer("batch_reference_tokens", 1...Experiment.maxTokensTrained),
        .integer("min_batch_size", 1...65_536),
    ]
}

extension EvalSpec {
    public static let fieldRules: [FieldRule] = [
        FieldRule("metrics", .list(.choice(EvalKind.allCases.map(\.rawValue)), minCount: 1)),
        .integer("held_out_tokens", 1...16_777_216),
        .choice("held_out_estimate", HeldOutEstimate.self),
        .integer("questions", 1...1_000_000),
        .integer("programs", 1...1_000_000),
        FieldRule("recurrences", .list(.integer(1...256), minCount: 0)),
    ]
}

extension GridSpec {
    public static let fieldRules: [FieldRule] = [
        // `[lo, hi]` tokens per parameter; the loader checks lo ≤ hi.
        FieldRule("tokens_per_parameter", .list(.number(lower: 0, upper: 1e9, openLower: true, openUpper: false), minCount: 0)),
    ]
}

extension PointerChaseSpec {
    public static let fieldRules: [FieldRule] = [
        .integer("roots", 4...16),
        .integer("depth", 1...15),
        .choice("starts", PointerChaseStarts.self),
    ]
}
