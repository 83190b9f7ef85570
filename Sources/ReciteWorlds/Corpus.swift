import ReciteCore

// The deduplicated corpus (unique units, flat) and its presentation order.

/// Unique units drawn from a world, and the order in which training presents them.
///
/// Unit-count arithmetic (exact, so `uniqueTokens == spec.targetUniqueTokens` always):
/// 1. `T = targetUniqueTokens` (`budget`, or `⌊budget/R⌋` under fixed-compute).
/// 2. Knowledge share `T_k = T − round(f·T)`; with both facts and programs, programs get
///    `round(programShare·T_k)` and facts the rest; with one kind, it gets all of `T_k`.
/// 3. Facts: `min(K, ⌊T_f/len⌋)` whole units, the first ones of `coverageOrder`; programs likewise
///    (with bodies of varying length: the longest prefix of `coverageOrder` whose units fit in `T_p`).
/// 4. Background absorbs every remaining token: `⌊rest/s⌋` sentences of length `s` and, if
///    `rest mod s > 0`, one shorter last sentence. So rounding and exhausted facts/programs move
///    tokens to background instead of shrinking `U`.
/// Consequences: `tokensTrained = U·R` exactly; under fixed-compute `D − tokensTrained < R`.
/// Budgets are nested for a fixed world and corpus seed: a larger `T` keeps the smaller one's
/// facts, programs (coverage prefixes) and full sentences (one sequential stream).
///
/// Unit layout: background sentences first, then facts in coverage order, then programs.
public struct Corpus: Sendable {
    public let spec: CorpusSpec
    /// All unique units' tokens, concatenated.
    public let tokens: [Int32]
    /// Unit `i` is `tokens[offsets[i]..<offsets[i+1]]`; `offsets.count == unitCount + 1`.
    public let offsets: [Int]
    /// Unit index of each presentation, in training order (`unitCount·R` entries).
    public let order: [Int32]
    /// Unit indices of background sentences, facts and programs.
    public let backgroundUnits: Range<Int>
    public let factUnits: Range<Int>
    public let programUnits: Range<Int>
    /// Facts and programs present in the corpus, in coverage order (unit `factUnits.lowerBound + j`
    /// is fact `coveredFacts[j]`).
    public let coveredFacts: [Int]
    public let coveredPrograms: [Int]
    /// Where a presentation shows a program under one of its aliases (`ProgramSet.aliasCounts`):
    /// per presentation, the start in `aliasPrompts` of the prompt it uses instead of the unit's
    /// first `promptLength` tokens, or −1 for the unit as stored. A program's `a` names take its
    /// presentations in turn (the first under its first name). Empty when no program has aliases.
    public let presentationPrompt: [Int32]
    /// The world's alias prompts (`ProgramSet.aliasPrompts`); empty without aliases.
    public let aliasPrompts: [Int32]
    /// Prompt tokens per program (what an alias replaces); 0 without aliases.
    public let aliasPromptLength: Int

    /// Builds the corpus. Throws if `spec` is invalid.
    public init(world: World, spec: CorpusSpec) throws {
        try spec.validate()
        self.spec = spec
        let target = spec.targetUniqueTokens
        let kb = world.knowledge, ps = world.programs

        // MARK: Budget split
        var knowledgeTokens = 0
        if kb != nil || ps != nil {
            knowledgeTokens = target - Int((spec.backgroundFraction * Double(target)).rounded())
        }
        var programTokens = 0, factTokens = 0
        switch (kb, ps) {
        case (.some, .some):
            programTokens = Int((spec.programShare * Double(knowledgeTokens)).rounded())
            factTokens = knowledgeTokens - programTokens
        case (.some, .none): factTokens = knowledgeTokens
        case (.none, .some): programTokens = knowledgeTokens
        case (.none, .none): break
        }
        let factCount = kb.map { min($0.count, factTokens / $0.unitLength) } ?? 0
        let programCount = ps.map { $0.coveredCount(tokens: programTokens) } ?? 0
        let programUnitTokens = ps.map { p in p.coverageOrder.prefix(programCount).reduce(0) { $0 + p.unitLength(of: Int($1)) } } ?? 0
        let backgroundTokens = target - factCount * (kb?.unitLength ?? 0) - programUnitTokens

        // MARK: Units
        var flat: [Int32] = []
        flat.reserveCapacity(target)
        var offs: [Int] = [0]
        var sentenceRNG = Xoshiro256(seed: spec.seed, stream: 11)
        var left = backgroundTokens
        while left > 0 {
            let len = min(spec.sentenceLength, left)
            world.background.append(length: len, start: World.bos, to: &flat, rng: &sentenceRNG)
            offs.append(flat.count)
            left -= len
        }
        backgroundUnits = 0..<(offs.count - 1)
        coveredFacts = kb.map { k in k.coverageOrder.prefix(factCount).map(Int.init) } ?? []
        for i in coveredFacts { kb!.appendUnit(of: i, to: &flat); offs.append(flat.count) }
        factUnits = backgroundUnits.upperBound..<(offs.count - 1)
        coveredPrograms = ps.map { p in p.coverageOrder.prefix(programCount).map(Int.init) } ?? []
        for i in coveredPrograms { ps!.appendUnit(of: i, to: &flat); offs.append(flat.count) }
        programUnits = factUnits.upperBound..<(offs.count - 1)
        precondition(flat.count == target, "corpus arithmetic: \(flat.count) tokens for a target of \(target)")
        tokens = flat
        offsets = offs

        // MARK: Presentation order
        var orderRNG = Xoshiro256(seed: spec.seed, stream: 12)
        order = Corpus.presentationOrder(
            unitCount: offs.count - 1, recitations: spec.recitations, schedule: spec.schedule, rng: &orderRNG)
        if let ps, !ps.aliasCounts.isEmpty, !coveredPrograms.isEmpty {
            (presentationPrompt, aliasPrompts, aliasPromptLength) =
                (Corpus.aliasSchedule(order: order, programUnits: programUnits, programs: coveredPrograms, set: ps),
                 ps.aliasPrompts, ps.promptLength)
        } else {
            (presentationPrompt, aliasPrompts, aliasPromptLength) = ([], [], 0)
        }
    }

    /// Per presentation, the alias prompt it uses (start in `set.aliasPrompts`) or −1: the n-th
    /// presentation of a program with `a` names uses name `n mod a`, name 0 being the stored unit.
    static func aliasSchedule(order: [Int32], programUnits: Range<Int>, programs: [Int], set: ProgramSet) -> [Int32] {
        var shown = [Int](repeating: 0, count: programs.count)
        return order.map { unit in
            let u = Int(unit)
            guard programUnits.contains(u) else { return -1 }
            let j = u - programUnits.lowerBound, program = programs[j]
            let name = shown[j] % set.aliases(of: program)
            shown[j] += 1
            return name == 0 ? -1 : Int32(set.aliasPromptStart(of: program, alias: name))
        }
    }

    // MARK: - Sizes

    /// Number of unique units.
    public var unitCount: Int { offsets.count - 1 }
    /// Unique tokens `U` (realised; equals `spec.targetUniqueTokens`).
    public var uniqueTokens: Int { tokens.count }
    /// Recitations `R`.
    public var recitations: Int { spec.recitations }
    /// Tokens trained `D = U·R`: every presentation trains every token of its unit.
    public var tokensTrained: Int { uniqueTokens * spec.recitations }

    /// Tokens of unit `i`.
    public func unit(_ i: Int) -> ArraySlice<Int32> { tokens[offsets[i]..<offsets[i + 1]] }
}
