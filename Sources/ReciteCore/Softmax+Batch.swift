// The fused cross-entropy over a whole batch, split into two fixed chunks of rows that run on two
// threads (the caller's and one persistent helper) when BLAS has more than one, with the bias gradient (the column sums of g) accumulated
// in the same pass.

extension Softmax {
    /// Rows are always split into this many chunks, whatever the thread count, so that the loss and
    /// the column sums are added in the same order, and the results are bit-identical, with 1 or 2
    /// threads.
    public static let batchChunks = 2

    /// Fused softmax + cross-entropy + gradient over a batch, as `crossEntropyGradient`, and also
    /// `columnSums[0..<n] = Σ_rows g` (the bias gradient) when `columnSums` is given; it must hold
    /// `batchChunks · n` Floats (one partial sum per chunk). With `parallel`, the chunks run
    /// concurrently (rows are independent; each chunk writes only its own rows and partial).
    /// Returns the summed loss. No allocation.
    public static func crossEntropyGradientBatch(
        logits: UnsafeMutablePointer<Float>, rows: Int, width n: Int, bias: UnsafePointer<Float>?,
        targets: UnsafePointer<Int32>, gradScale: Float, rowLoss: UnsafeMutablePointer<Float>?,
        columnSums: UnsafeMutablePointer<Float>?, parallel: Bool
    ) -> Double {
        // Per-chunk losses live on the stack of this call: a tuple, not an array (no allocation).
        var losses: (Double, Double) = (0, 0)
        let split = (rows + 1) / 2
        withUnsafeMutableBytes(of: &losses) { lossBytes in
            let lossPtr = lossBytes.baseAddress!.assumingMemoryBound(to: Double.self)
            let work = Chunk(logits: logits, rows: rows, split: split, width: n, bias: bias, targets: targets,
                             gradScale: gradScale, rowLoss: rowLoss, columnSums: columnSums, losses: lossPtr)
            if parallel && rows > 1 {
                withUnsafePointer(to: work) { wp in
                    HelperThread.shared.run(UnsafeRawPointer(wp), helperJob: { $0.assumingMemoryBound(to: Chunk.self).pointee.run(1) },
                                            callerJob: { work.run(0) })
                }
            } else {
                for c in 0..<batchChunks { work.run(c) }
            }
        }
        if let columnSums { combineColumnSums(columnSums, width: n) }
        return losses.0 + losses.1
    }

    /// `sums[0..<n] += sums[n..<2n]`: the two chunks' partial column sums, in a fixed order.
    static func combineColumnSums(_ sums: UnsafeMutablePointer<Float>, width n: Int) {
        combineColumnSums(sums, partial: sums + n, count: n)
    }

    /// `sums[0..<n] += partial[0..<n]`, element by element (so any split of the columns gives the
    /// same bits as one call over all of them).
    @inline(__always)
    static func combineColumnSums(_ sums: UnsafeMutablePointer<Float>, partial p1: UnsafePointer<Float>, count n: Int) {
        var i = 0
        let raw0 = UnsafeMutableRawPointer(sums), raw1 = UnsafeRawPointer(p1)
        while i + 16 <= n {
            let v = raw0.loadUnaligned(fromByteOffset: i * 4, as: FloatVector.self) + raw1.loadUnaligned(fromByteOffset: i * 4, as: FloatVector.self)
            raw0.storeBytes(of: v, toByteOffset: i * 4, as: FloatVector.self)
            i += 16
        }
        while i < n { sums[i] += p1[i]; i += 1 }
    }

    /// The work of one chunk of rows; a value type of raw pointers, safe to share because chunks
    /// touch disjoint rows, disjoint partial sums and disjoint loss slots.
    struct Chunk: @unchecked Sendable {
        let logits: UnsafeMutablePointer<Float>, rows: Int, split: Int, width: Int
        let bias: UnsafePointer<Float>?, targets: UnsafePointer<Int32>, gradScale: Float
        let rowLoss: UnsafeMutablePointer<Float>?, columnSums: UnsafeMutablePointer<Float>?
        let losses: UnsafeMutablePointer<Double>

        @inline(__always)
        func run(_ c: Int) {
            let lo = c == 0 ? 0 : split, hi = c == 0 ? split : rows
            let partial = columnSums.map { $0 + c * width }
            partial?.update(repeating: 0, count: width)
            losses[c] = Softmax.crossEntropyRows(logits: logits + lo * width, rows: hi - lo, width: width, bias: bias,
                                                 targets: targets + lo, gradScale: gradScale, rowLoss: rowLoss.map { $0 + lo },
                                                 columnSum: partial)
        }
    }
}
