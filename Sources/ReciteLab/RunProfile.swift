// Where one run's wall time goes, for `recite profile`: filled by `RunExecutor.execute` when given.
import ReciteCore

/// Seconds of one run by part: world and corpus generation, the training steps (by stage, from
/// `StageTimes`), the evaluations, and writing the results (timed by the caller).
public final class RunProfile: @unchecked Sendable {
    /// Building the world, the corpus, the model and the evaluation sets.
    public var corpusSeconds = 0.0
    /// Evaluations at the checkpoints.
    public var evalSeconds = 0.0
    /// The training loop (steps plus batch filling), wall time.
    public var trainSeconds = 0.0
    /// Writing the results (the caller times it).
    public var ioSeconds = 0.0
    /// The step's stages (part 0's view).
    public let stages = StageTimes()
    /// Steps and tokens trained.
    public var steps = 0, tokens = 0

    public init() {}

    /// Seconds spent filling batches from the stream (the training loop less its steps).
    public var batchSeconds: Double { max(trainSeconds - StageTimes.Stage.allCases.reduce(0) { $0 + stages[$1] }, 0) }
}
