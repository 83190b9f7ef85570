import ReciteCore

// Aliases: the same body under several names. Code corpora are full of near-duplicate functions
// whose identifiers differ (Allamanis 2019, "The adverse effects of code duplication in machine
// learning models of code"), as text states one fact in several phrasings. A program with `a`
// names is presented under each in turn, so only one exposure in `a` is under the name the
// evaluation asks with; what the others teach carries over only through the body's own tokens.
// How many names a program has varies (most one, a heavy tail many), so programs need different
// numbers of exposures: the spread a graded exposure response needs, at every corpus size.

extension ProgramSet {
    /// Aliases per program, `P(a) ∝ a^−exponent` over `1...aliases` (`aliasStream`), and the
    /// prompts of every alias after the first (`aliasStream + 1`): distinct `m`-tuples over the
    /// prompt pool under the pool's token law, none equal to a first prompt or to one another.
    /// With `aliases == 1` nothing is drawn and all three are empty.
    static func drawAliases(count: Int, aliases: Int, exponent: Double, firstPrompts: [Int32], promptLength m: Int,
                            promptPool: Int, promptTokenExponent: Double, offset: Int32, seed: UInt64,
                            stream: UInt64) -> (counts: [Int], offsets: [Int], prompts: [Int32]) {
        guard aliases > 1 else { return ([], [], []) }
        let law = AliasTable(weights: AliasTable.zipfWeights(count: aliases, exponent: exponent))
        var countRNG = Xoshiro256(seed: seed, stream: stream)
        let counts = (0..<count).map { _ in 1 + law.sample(&countRNG) }
        var offsets = [0]
        offsets.reserveCapacity(count + 1)
        for a in counts { offsets.append(offsets.last! + a - 1) }
        var seen = Set((0..<count).map { Array(firstPrompts[($0 * m)..<(($0 + 1) * m)]) })
        var promptRNG = Xoshiro256(seed: seed, stream: stream + 1)
        let extra = KnowledgeBase.drawDistinctKeys(count: offsets.last!, keyLength: m, keyPool: promptPool,
                                                   exponent: promptTokenExponent, offset: offset, seen: &seen, rng: &promptRNG)
        return (counts, offsets, extra)
    }
}
