// The training loop shared by every run (RunExecutor) and the exposure probe (ExposureProbe):
// batches from an example stream into the trainer, with buffers allocated once.
import ReciteCore
import ReciteWorlds

/// Feeds a trainer batches of at most its batch size from example streams.
public final class TrainingLoop: @unchecked Sendable {
    public let trainer: Trainer
    private let batchSize: Int, context: Int
    private var contexts: [Int32], targets: [Int32]
    /// Tokens trained so far, over every call.
    public private(set) var tokens = 0

    public init(trainer: Trainer, batchSize: Int) {
        self.trainer = trainer; self.batchSize = batchSize; context = trainer.model.context
        contexts = [Int32](repeating: 0, count: batchSize * context)
        targets = [Int32](repeating: 0, count: batchSize)
    }

    /// Trains on the next `count` tokens of `stream` (fewer if it runs dry), in batches of at most
    /// the batch size that never go past `count`, so a caller's checkpoint lands on an exact token
    /// count. Stops at the first non-finite loss and returns false; true otherwise. `progress`
    /// receives `tokens` after every step.
    @discardableResult
    public func train(_ stream: inout ExampleStream, count: Int, progress: ((Int) -> Void)? = nil) -> Bool {
        var done = 0, finite = true
        let b = batchSize, k = context
        contexts.withUnsafeMutableBufferPointer { cp in
            targets.withUnsafeMutableBufferPointer { tp in
                while done < count {
                    let n = stream.fill(contexts: cp.baseAddress!, targets: tp.baseAddress!, batchSize: min(b, count - done), contextLength: k)
                    if n == 0 { break }
                    let loss = trainer.step(contexts: cp.baseAddress!, targets: tp.baseAddress!, count: n)
                    done += n; tokens += n
                    if !loss.isFinite { finite = false; break }
                    progress?(tokens)
                }
            }
        }
        return finite
    }
}
