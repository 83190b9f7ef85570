// The fused cross-entropy over a whole batch in a fixed number of chunks of rows, with the bias
// gradient (the column sums of g) accumulated per chunk and added in chunk order. The trainer runs
// the same chunks, split over its threads (Trainer.swift); this serial form is the reference the
// gradient path and the tests use.

extension Softmax {
    /// The default number of chunks: the trainer uses at least two, whatever its thread count, so
    /// that one and two threads add the losses and the column sums in the same order.
    public static let batchChunks = 2

    /// Fused softmax + cross-entropy + gradient over a batch, as `crossEntropyGradient`, and also
    /// `columnSums[0..<n] = Σ_rows g` (the bias gradient) when `columnSums` is given; it must hold
    /// `chunks · n` Floats (one partial sum per chunk). Returns the summed loss. No allocation.
    public static func crossEntropyGradientBatch(
        logits: UnsafeMutablePointer<Float>, rows: Int, width n: Int, bias: UnsafePointer<Float>?,
        targets: UnsafePointer<Int32>, gradScale: Float, rowLoss: UnsafeMutablePointer<Float>?,
        columnSums: UnsafeMutablePointer<Float>?, chunks: Int = batchChunks
    ) -> Double {
        var loss = 0.0
        for c in 0..<chunks {
            let lo = (c * rows + chunks - 1) / chunks, hi = ((c + 1) * rows + chunks - 1) / chunks
            let partial = columnSums.map { $0 + c * n }
            partial?.update(repeating: 0, count: n)
            loss += crossEntropyRows(logits: logits + lo * n, rows: hi - lo, width: n, bias: bias, targets: targets + lo,
                                     gradScale: gradScale, rowLoss: rowLoss.map { $0 + lo }, columnSum: partial)
        }
        if let columnSums { for c in 1..<max(chunks, 1) { combineColumnSums(columnSums, partial: columnSums + c * n, count: n) } }
        return loss
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
}
