// How much data, how often, and in which order: the knobs of a recitation experiment.

/// Where the `R` presentations of each unit go.
public enum Schedule: String, Codable, CaseIterable, Hashable, Sendable {
    /// `R` passes, each an independent shuffle of all units (epoch-like).
    case spaced
    /// One shuffle of the units, each presented `R` times in a row (data echoing).
    case massed
    /// All `U·R` copies shuffled together.
    case random
}

/// What a budget holds fixed.
public enum Regime: String, Codable, CaseIterable, Hashable, Sendable {
    /// `budget` is the unique-token budget `U`; compute `D = U·R` grows with `R`.
    case fixedData = "fixed-data"
    /// `budget` is the tokens-trained budget `D`; `U = ⌊D/R⌋` shrinks with `R`.
    case fixedCompute = "fixed-compute"
}

/// A corpus drawn from a world: its size, recitations, schedule and mixture.
///
/// Every field has a default and the encoder writes every key (see `WorldSpec`).
public struct CorpusSpec: Codable, Hashable, Sendable {
    /// Which quantity `budget` fixes. Default `fixed-data`.
    public var regime: Regime
    /// `U` (unique tokens) under `fixed-data`, `D` (tokens trained) under `fixed-compute`. Default 65,536.
    public var budget: Int
    /// Recitations `R ≥ 1`: presentations of each unit. Default 1.
    public var recitations: Int
    /// Placement of the presentations. Default `spaced`.
    public var schedule: Schedule
    /// Share `f ∈ [0, 1]` of `U` that is background sentences (the rest: facts and programs).
    /// Ignored (everything is background) in a world with neither. Default 0.5.
    public var backgroundFraction: Double
    /// Tokens per background sentence (the last one may be shorter). Default 32.
    public var sentenceLength: Int
    /// Share of the non-background tokens given to programs when the world has both facts and
    /// programs. Default 0.5.
    public var programShare: Double
    /// Seed of the sentences (stream 11) and of the presentation order (stream 12). Default 0.
    public var seed: UInt64

    public init(
        regime: Regime = .fixedData, budget: Int = 65_536, recitations: Int = 1, schedule: Schedule = .spaced,
        backgroundFraction: Double = 0.5, sentenceLength: Int = 32, programShare: Double = 0.5, seed: UInt64 = 0
    ) {
        self.regime = regime
        self.budget = budget
        self.recitations = recitations
        self.schedule = schedule
        self.backgroundFraction = backgroundFraction
        self.sentenceLength = sentenceLength
        self.programShare = programShare
        self.seed = seed
    }

    /// The unique-token target: `budget` (fixed-data) or `⌊budget/R⌋` (fixed-compute).
    public var targetUniqueTokens: Int {
        regime == .fixedData ? budget : budget / max(recitations, 1)
    }

    // MARK: - Validation

    /// Checks every field, naming the first bad one.
    public func validate() throws {
        let s = "corpus"
        try require(recitations >= 1, spec: s, field: "recitations", expected: "an integer ≥ 1", found: "\(recitations)")
        try require(
            targetUniqueTokens >= 1, spec: s, field: "budget",
            expected: regime == .fixedData ? "an integer ≥ 1" : "an integer ≥ recitations (\(recitations))",
            found: "\(budget)")
        try require(
            backgroundFraction >= 0 && backgroundFraction <= 1, spec: s, field: "backgroundFraction",
            expected: "a number in [0, 1]", found: "\(backgroundFraction)")
        try require(
            sentenceLength >= 1, spec: s, field: "sentenceLength", expected: "an integer ≥ 1", found: "\(sentenceLength)")
        try require(
            programShare >= 0 && programShare <= 1, spec: s, field: "programShare",
            expected: "a number in [0, 1]", found: "\(programShare)")
        let copies = targetUniqueTokens.multipliedReportingOverflow(by: recitations)
        try require(
            !copies.overflow, spec: s, field: "budget", expected: "U·R to fit in Int", found: "\(budget)")
    }

    // MARK: - Codable

    private enum CodingKeys: String, CodingKey {
        case regime, budget, recitations, schedule, backgroundFraction, sentenceLength, programShare, seed
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = CorpusSpec()
        regime = try c.decodeIfPresent(Regime.self, forKey: .regime) ?? d.regime
        budget = try c.decodeIfPresent(Int.self, forKey: .budget) ?? d.budget
        recitations = try c.decodeIfPresent(Int.self, forKey: .recitations) ?? d.recitations
        schedule = try c.decodeIfPresent(Schedule.self, forKey: .schedule) ?? d.schedule
        backgroundFraction = try c.decodeIfPresent(Double.self, forKey: .backgroundFraction) ?? d.backgroundFraction
        sentenceLength = try c.decodeIfPresent(Int.self, forKey: .sentenceLength) ?? d.sentenceLength
        programShare = try c.decodeIfPresent(Double.self, forKey: .programShare) ?? d.programShare
        seed = try c.decodeIfPresent(UInt64.self, forKey: .seed) ?? d.seed
    }
}
