// Buffers for one batch of forward and backward work, allocated once per run.

/// Scratch space for batches of up to `capacity` examples of one model shape.
public final class Workspace: @unchecked Sendable {
    public let capacity: Int
    /// `capacity × H` gathered hidden vectors.
    public let hidden: FloatBuffer
    /// `capacity × V_out` logits; after the loss, the logits' gradient `g`.
    public let logits: FloatBuffer
    /// `capacity × H` gradient with respect to the hidden vectors.
    public let hiddenGradient: FloatBuffer
    /// `capacity` per-example losses of the last batch (or log-probabilities of an evaluation).
    public let rowLoss: FloatBuffer
    /// `capacity` per-example predicted classes of an evaluation.
    public let rowIndex: UnsafeMutablePointer<Int32>
    /// Chunks of rows the softmax runs in (each with its own partial column sum and loss).
    public let chunks: Int
    /// `chunks × V_out` partial column sums of `g`; after the loss, its first `V_out` entries hold
    /// the bias gradient `Σ_rows g`.
    public let columnSums: FloatBuffer
    /// `chunks` summed losses, one per chunk of rows.
    public let chunkLosses: UnsafeMutablePointer<Double>
    /// `chunks × H × V_out` partial output gradients `hᵀg` of the narrow-width step (`NarrowStep`),
    /// one per chunk; empty when the shape's step is the sgemm one.
    public let narrowAccumulators: FloatBuffer
    /// `capacity × H` scratch for dhᵀ on the sgemm step at H ≥ `Trainer.transposedBackwardWidth`;
    /// empty otherwise.
    public let transposedHiddenGradient: FloatBuffer
    /// Per-row block statistics of the column-blocked step (`NarrowStep.blockedRows`); empty on
    /// the other paths.
    public let blockedStats: FloatBuffer

    /// Buffers for `capacity` rows whose softmax runs in `chunks` chunks (at least 2: see `Trainer`).
    /// `path` is the trainer's step (default: the shape's rule, `NarrowStep.path`).
    public init(model: LogBilinearModel, capacity: Int, chunks: Int = Softmax.batchChunks, path: NarrowStep.Path? = nil) {
        precondition(capacity >= 1, "workspace capacity must be ≥ 1")
        self.capacity = capacity
        hidden = FloatBuffer(count: capacity * model.hiddenSize)
        logits = FloatBuffer(count: capacity * model.outputClasses)
        hiddenGradient = FloatBuffer(count: capacity * model.hiddenSize)
        rowLoss = FloatBuffer(count: capacity)
        rowIndex = .allocate(capacity: capacity)
        rowIndex.initialize(repeating: 0, count: capacity)
        precondition(chunks >= 1, "a workspace needs at least one chunk")
        self.chunks = chunks
        columnSums = FloatBuffer(count: chunks * model.outputClasses)
        chunkLosses = .allocate(capacity: chunks)
        chunkLosses.initialize(repeating: 0, count: chunks)
        let H = model.hiddenSize, V = model.outputClasses, path = path ?? NarrowStep.path(width: H, classes: V)
        narrowAccumulators = FloatBuffer(count: path == .sgemm ? 0 : chunks * H * V)
        transposedHiddenGradient = FloatBuffer(count: path == .sgemm && H >= Trainer.transposedBackwardWidth ? capacity * H : 0)
        blockedStats = FloatBuffer(count: path == .blocked ? NarrowStep.blockedStatsCount(rows: capacity, width: H, classes: V) : 0)
    }

    deinit { chunkLosses.deallocate(); rowIndex.deallocate() }
}

/// Gradients of the loss with respect to every parameter, shaped like the model.
/// The embedding gradient is dense but only the rows in `touchedRows` are ever non-zero.
public final class Gradients: @unchecked Sendable {
    public let embeddings: FloatBuffer
    public let output: FloatBuffer
    public let bias: FloatBuffer
    /// Embedding rows (table j, token x → j·V_in + x) written by the last backward pass; may repeat.
    public var touchedRows: [Int32]
    public private(set) var touchedCount = 0

    public init(model: LogBilinearModel, capacity: Int) {
        embeddings = FloatBuffer(count: model.embeddings.count)
        output = FloatBuffer(count: model.output.count)
        bias = FloatBuffer(count: model.bias.count)
        touchedRows = [Int32](repeating: 0, count: capacity * model.context)
    }

    /// Records a touched embedding row (no allocation: capacity is fixed).
    @inline(__always)
    func touch(_ row: Int32) { touchedRows[touchedCount] = row; touchedCount += 1 }

    /// Zeroes the embedding rows touched by the last backward pass.
    public func clearEmbeddingRows(width d: Int) {
        for t in 0..<touchedCount { (embeddings.base + Int(touchedRows[t]) * d).update(repeating: 0, count: d) }
        touchedCount = 0
    }

    /// All gradient buffers, in the order of `LogBilinearModel.parameters`.
    public var buffers: [FloatBuffer] { [embeddings, output, bias] }
}
