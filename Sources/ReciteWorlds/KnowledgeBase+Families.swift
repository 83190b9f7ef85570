import ReciteCore

// Structured knowledge: values partly predictable from a shared key token. In real corpora a fact's
// answer is rarely arbitrary: a country's name predicts the language of its capital, a surname
// predicts a nationality. Here a fact's first key token is its *family*; each family has `c`
// typical values, and with probability `familyShare` a fact takes one of them (uniformly),
// otherwise a value from the whole prior. A model can then learn a shared rule (family → its
// typical values) from many unique facts of the family: the rule's signal grows with the number of
// distinct facts per family, that is with unique data, while memorising one fact's own value still
// needs that fact's exposures.
//
// A family's typical values are `c` independent draws from the value prior, so a uniform pick
// among them is itself a draw from the prior: averaged over worlds, the law of a fact's value is
// exactly the prior, and four-way questions stay fair (25% in expectation) to a model that knows
// only the prior.

extension KnowledgeBase {
    // MARK: - Families

    /// `families × typical` value indices, row `f` the typical values of family `f` (prior draws).
    static func drawFamilyValues(families: Int, typical: Int, prior: AliasTable, rng: inout Xoshiro256) -> [[Int]] {
        (0..<families).map { _ in (0..<typical).map { _ in prior.sample(&rng) } }
    }

    /// Value indices of facts of families `family`: with probability `share` one of the family's
    /// typical values (uniform), otherwise a prior draw.
    static func drawFamilyFactValues(family: [Int], familyValues: [[Int]], prior: AliasTable, share: Double,
                                     rng: inout Xoshiro256) -> [Int] {
        family.map { f in
            let typical = familyValues[f]
            return rng.nextDouble() < share ? typical[rng.nextInt(typical.count)] : prior.sample(&rng)
        }
    }

    /// Family of fact `i`: its first key token's index in the pool (nil in a world without families).
    public func family(of i: Int) -> Int? { familyValues.isEmpty ? nil : Int(key(of: i) - keyOffset) }

    /// Whether fact `i`'s value is one of its family's typical values (false without families).
    public func hasTypicalValue(_ i: Int) -> Bool {
        guard let f = family(of: i) else { return false }
        return familyValues[f].contains(Int(values[i] - valueTokens.lowerBound))
    }

    /// Fraction of facts whose value is typical of their family (≈ share + (1 − share)·chance).
    public var typicalFraction: Double {
        count == 0 ? 0 : Double((0..<count).filter(hasTypicalValue).count) / Double(count)
    }
}
