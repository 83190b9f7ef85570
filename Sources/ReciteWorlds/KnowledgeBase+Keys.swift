import ReciteCore

// Keys made of shared tokens. Real entity names are several subword tokens, and the same tokens
// recur across many names ("John", "-son"), with Zipfian frequency. A log-bilinear model's logits
// are additive over its context positions, so facts whose keys share tokens share parameters:
// what one fact's update writes into a shared token's embedding moves every other fact using it.
// That is interference (forgetting between spaced exposures), heterogeneity (a fact whose tokens
// are common is harder to pin down than one whose tokens are rare), and a capacity that binds: the
// pool's `keyPool·m·d` embedding parameters, not the number of facts, bound what can be stored.

extension KnowledgeBase {
    // MARK: - Key tuples

    /// Whether `count` distinct `keyLength`-tuples can be drawn quickly from a pool of `keyPool`
    /// tokens: `keyLength == 1` (one dedicated token per fact, pool ignored) or
    /// `keyPool^keyLength ≥ 2·count` (rejection of repeated tuples then stays cheap).
    public static func keysFit(count: Int, keyLength: Int, keyPool: Int) -> Bool {
        if keyLength == 1 { return true }
        guard keyLength >= 2, keyPool >= 2 else { return false }
        var tuples = 1.0
        for _ in 0..<keyLength { tuples *= Double(keyPool) }
        return tuples >= 2 * Double(count)
    }

    /// Row-major `count × keyLength` key tokens. With `keyLength == 1`, fact `i` gets token
    /// `offset + i` (the original world, unchanged). Otherwise each tuple's tokens are i.i.d. from
    /// Zipf(`exponent`) over the pool (0: uniform), and a tuple equal to an earlier one is redrawn,
    /// so every fact is identifiable from its whole key.
    static func drawKeys(count: Int, keyLength: Int, keyPool: Int, exponent: Double, offset: Int32,
                         rng: inout Xoshiro256) -> [Int32] {
        if keyLength == 1 { return (0..<count).map { offset + Int32($0) } }
        var seen = Set<[Int32]>()
        return drawDistinctKeys(count: count, keyLength: keyLength, keyPool: keyPool, exponent: exponent, offset: offset,
                                seen: &seen, rng: &rng)
    }

    /// `count` more `keyLength`-tuples (row-major), each token i.i.d. from Zipf(`exponent`) over
    /// the pool, none in `seen` (which gains them): a tuple already seen is redrawn.
    static func drawDistinctKeys(count: Int, keyLength: Int, keyPool: Int, exponent: Double, offset: Int32,
                                 seen: inout Set<[Int32]>, rng: inout Xoshiro256) -> [Int32] {
        let law = AliasTable(weights: AliasTable.zipfWeights(count: keyPool, exponent: exponent))
        var keys: [Int32] = []
        keys.reserveCapacity(count * keyLength)
        let target = seen.count + count
        var attempts = 0
        while seen.count < target {
            // A steep Zipf concentrates the tuples; after many clashes, draw uniformly so the loop ends.
            attempts += 1
            let uniform = attempts > 64 * count
            let tuple = (0..<keyLength).map { _ in offset + Int32(uniform ? rng.nextInt(keyPool) : law.sample(&rng)) }
            if seen.insert(tuple).inserted { keys.append(contentsOf: tuple) }
        }
        return keys
    }

    /// How many facts use each key token at least once (`keyPool` entries, token `offset + j`).
    public var keyTokenUse: [Int] {
        var use = [Int](repeating: 0, count: keyPool)
        for i in 0..<count { for t in Set(keyTokens(of: i)) { use[Int(t - keyOffset)] += 1 } }
        return use
    }
}

extension KnowledgeBase {
    // MARK: - Difficulty classes

    /// Three classes of facts for the exposure-response figure, by how common the fact's value is:
    /// facts sorted by value-prior rank (ties by fact index) and cut into three equal thirds, so the
    /// classes stay balanced under a steep prior. A fact whose value is rare must overcome the output
    /// bias that favours common values, so it needs more exposures. `of[i]` is fact `i`'s class.
    public var difficultyClasses: (names: [String], of: [Int]) {
        (["facts with common values (first third)", "middle third", "facts with rare values (last third)"],
         DifficultyThirds.classes(byKey: values))
    }
}
