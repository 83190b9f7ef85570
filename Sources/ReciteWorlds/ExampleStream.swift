// (context, target) examples in presentation order, written straight into caller-owned batches.

/// Iterates every training example of a corpus: each token of each presented unit is a target,
/// its context the previous `k` tokens of the same unit, most recent first, padded with BOS.
///
/// `fill` writes into caller-owned buffers and allocates nothing, so the training loop can reuse
/// one pair of buffers for the whole run. The total number of examples is `tokensTrained`.
public struct ExampleStream: Sendable {
    public let corpus: Corpus
    /// Index into `corpus.order` of the unit being read.
    public private(set) var presentation = 0
    /// Position of the next target inside that unit.
    public private(set) var position = 0
    /// Examples already written.
    public private(set) var examplesEmitted = 0

    public init(corpus: Corpus) { self.corpus = corpus }

    /// Examples in a full pass over the schedule: `corpus.tokensTrained`.
    public var totalExamples: Int { corpus.tokensTrained }
    /// Examples not yet written.
    public var remaining: Int { totalExamples - examplesEmitted }
    /// Whether every example has been written.
    public var isExhausted: Bool { presentation >= corpus.order.count }

    /// Starts again from the first presentation.
    public mutating func reset() { presentation = 0; position = 0; examplesEmitted = 0 }

    // MARK: - Batches

    /// Writes up to `batchSize` examples: `contexts` is row-major `batchSize × k` (row `b`, column
    /// `j` is the token at offset `j + 1` before target `b`, BOS = 0 before the unit start),
    /// `targets` has `batchSize` entries. Returns the number written: `batchSize` until the last
    /// batch, which may be short, then 0. Examples cross unit boundaries freely.
    public mutating func fill(
        contexts: UnsafeMutablePointer<Int32>, targets: UnsafeMutablePointer<Int32>, batchSize: Int,
        contextLength k: Int
    ) -> Int {
        precondition(batchSize >= 0 && k >= 0, "batchSize and contextLength must be non-negative")
        var written = 0
        // A presentation under an alias (`corpus.presentationPrompt[p] ≥ 0`) takes its first
        // `aliasPromptLength` tokens from `corpus.aliasPrompts`; without aliases both are empty.
        let m = corpus.aliasPromptLength
        corpus.tokens.withUnsafeBufferPointer { tok in
            corpus.offsets.withUnsafeBufferPointer { off in
                corpus.order.withUnsafeBufferPointer { ord in
                    corpus.presentationPrompt.withUnsafeBufferPointer { alias in
                        corpus.aliasPrompts.withUnsafeBufferPointer { names in
                            var p = presentation, t = position
                            while written < batchSize && p < ord.count {
                                let u = Int(ord[p])
                                let start = off[u], len = off[u + 1] - start
                                let a = alias.isEmpty ? -1 : Int(alias[p])
                                func token(_ i: Int) -> Int32 { a >= 0 && i < m ? names[a + i] : tok[start + i] }
                                targets[written] = token(t)
                                let row = contexts + written * k
                                for j in 0..<k {
                                    let i = t - 1 - j
                                    row[j] = i >= 0 ? token(i) : 0
                                }
                                written += 1
                                t += 1
                                if t == len { t = 0; p += 1 }
                            }
                            presentation = p
                            position = t
                        }
                    }
                }
            }
        }
        examplesEmitted += written
        return written
    }
}
