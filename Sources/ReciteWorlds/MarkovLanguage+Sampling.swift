import ReciteCore

// O(1)-per-token sampling: one coin for λ, then one alias draw (the shared successor-position
// table or the unigram table).

extension MarkovLanguage {
    // MARK: - One step

    /// Draws the next token id after token id `x`; `x = 0` (BOS) draws from π.
    @inline(__always)
    public func next(after x: Int32, rng: inout Xoshiro256) -> Int32 {
        if x == 0 { return offset + Int32(stationarySampler.sample(&rng)) }
        let lx = Int(x - offset)
        if rng.nextDouble() < spec.structure {
            return offset + successorTable[lx * spec.successors + successorWeights.sample(&rng)]
        }
        return offset + Int32(unigram.sample(&rng))
    }

    // MARK: - Sequences

    /// `length` tokens continuing the chain after token id `start` (not included in the result).
    ///
    /// Pass `start = 0` (BOS) to begin from the stationary distribution.
    public func sample(length: Int, start: Int32, rng: inout Xoshiro256) -> [Int32] {
        var out: [Int32] = []
        out.reserveCapacity(length)
        append(length: length, start: start, to: &out, rng: &rng)
        return out
    }

    /// A sentence: `length` tokens whose first token is drawn from π (context BOS only).
    public func sentence(length: Int, rng: inout Xoshiro256) -> [Int32] {
        sample(length: length, start: 0, rng: &rng)
    }

    /// Appends `length` tokens continuing after `start` to `out` (flat corpus storage, no temporaries).
    public func append(length: Int, start: Int32, to out: inout [Int32], rng: inout Xoshiro256) {
        precondition(length >= 0, "length must be non-negative")
        var x = start
        for _ in 0..<length {
            x = next(after: x, rng: &rng)
            out.append(x)
        }
    }
}
