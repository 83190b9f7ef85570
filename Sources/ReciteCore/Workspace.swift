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

    /// Records the embedding rows of `n` examples' contexts (`TouchedRows.record`).
    func touch(contexts: UnsafePointer<Int32>, count n: Int, context k: Int, tableRows vin: Int) {
        touchedCount = TouchedRows.record(contexts: contexts, count: n, context: k, tableRows: vin, into: &touchedRows, after: touchedCount)
    }

    /// Zeroes the embedding rows touched by the last backward pass.
    public func clearEmbeddingRows(width d: Int) {
        TouchedRows.clear(touchedRows, count: touchedCount, width: d, in: embeddings.base)
        touchedCount = 0
    }

    /// All gradient buffers, in the order of `LogBilinearModel.parameters`.
    public var buffers: [FloatBuffer] { [embeddings, output, bias] }
}

/// The record of which embedding rows a backward pass wrote, shared by both models' gradients.
/// One call per step, through a local pointer and count: a call per row paid two dynamic
/// exclusivity checks on the gradients' class properties each (256 rows a step at B = 64, k = 4:
/// recitation-exact trained 548k tokens/s with them, 584k without).
enum TouchedRows {
    /// Writes the rows of `n` examples' contexts (table j, token x → j·`vin` + x), in example order,
    /// into `rows` from index `c`; returns the new count. No allocation: `rows` has fixed capacity.
    static func record(contexts: UnsafePointer<Int32>, count n: Int, context k: Int, tableRows vin: Int,
                       into rows: inout [Int32], after c: Int) -> Int {
        precondition(c + n * k <= rows.count, "more touched rows than the workspace holds")
        var c = c
        rows.withUnsafeMutableBufferPointer { r in
            for i in 0..<n {
                for j in 0..<k { r[c] = Int32(j * vin + Int(contexts[i * k + j])); c += 1 }
            }
        }
        return c
    }

    /// Zeroes the first `count` listed rows (of width `d`) of `table`.
    static func clear(_ rows: [Int32], count: Int, width d: Int, in table: UnsafeMutablePointer<Float>) {
        rows.withUnsafeBufferPointer { r in
            for t in r[..<count] { (table + Int(t) * d).update(repeating: 0, count: d) }
        }
    }
}
