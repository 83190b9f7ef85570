import Foundation
import ReciteCore

// Programs: a prompt token followed by a body that must be reproduced exactly (`exact` eval).

/// One program to evaluate: greedy decoding from `prompt` must reproduce every token of `body`.
public struct ProgramItem: Hashable, Sendable {
    public let program: Int
    /// The prompt tokens, without BOS.
    public let prompt: [Int32]
    public let body: [Int32]

    public init(program: Int, prompt: [Int32], body: [Int32]) {
        self.program = program
        self.prompt = prompt
        self.body = body
    }
}

/// `P` programs, each a prompt followed by a body of `L` tokens, or, with `minLength < L`, of a
/// length drawn per program from `minLength...L` (see `lengthExponent`).
///
/// The prompt is one dedicated token per program (`promptLength == 1`, the original world) or a
/// distinct `m`-tuple of tokens from a shared pool: real function names are several subword tokens
/// that recur across many names, so programs whose prompts share tokens share parameters
/// (interference, and a capacity set by the pool, not by the number of programs).
///
/// Body tokens are drawn independently from `bodyTokens` (in a world: the whole background
/// vocabulary, most frequent first), uniformly or with a Zipf law of `bodyExponent` over that
/// order; either way a whole body is almost never guessed, so greedy decoding without
/// memorisation scores 0, and knowing most of a body is worth nothing. Program `i` has
/// popularity rank `i + 1`.
public struct ProgramSet: Sendable {
    /// Number of programs `P`.
    public let count: Int
    /// Body length `L`: every body's with fixed lengths, else the longest a body can have.
    public let length: Int
    /// Shortest body length (`== length` when lengths are fixed).
    public let minLength: Int
    /// Zipf exponent of the length law over `minLength...length`, shortest first (0: uniform);
    /// unused when lengths are fixed.
    public let lengthExponent: Double
    /// First prompt token id; prompt tokens are `promptOffset..<promptOffset+promptTokenCount`.
    public let promptOffset: Int32
    /// Tokens per prompt `m` (1: one dedicated token per program).
    public let promptLength: Int
    /// Distinct prompt tokens: `P` with `m == 1`, else the shared pool's size.
    public let promptTokenCount: Int
    /// Row-major `P × m` prompts, all distinct.
    public let prompts: [Int32]
    /// Range body tokens are drawn from.
    public let bodyTokens: Range<Int32>
    /// Zipf exponent of body tokens over `bodyTokens` (0: uniform).
    public let bodyExponent: Double
    /// Share ρ of body tokens after the first that follow their predecessor's idiom (0: none).
    public let idiomShare: Double
    /// The idiom of each body token: `successors[t − bodyTokens.lowerBound]` is the token that
    /// typically follows `t` (drawn from the body law); empty when `idiomShare == 0`.
    public let successors: [Int32]
    /// Names each program's body appears under (its aliases), the first being `prompt(of:)`;
    /// empty when every program has one name (`aliases == 1`, the world before aliases).
    public let aliasCounts: [Int]
    /// Prompts of every program's aliases after the first, row-major `m` tokens each: program
    /// `i`'s alias `a ≥ 1` starts at `(aliasOffsets[i] + a − 1)·m`. Distinct from one another and
    /// from every program's first prompt.
    public let aliasPrompts: [Int32]
    /// `aliasOffsets[i]` = aliases after the first of programs `0..<i` (`count + 1` entries; empty
    /// without aliases).
    public let aliasOffsets: [Int]
    /// All bodies, concatenated (row-major `P × L` when lengths are fixed).
    public let bodies: [Int32]
    /// Body `i` is `bodies[bodyOffsets[i]..<bodyOffsets[i+1]]`; `bodyOffsets.count == P + 1`.
    public let bodyOffsets: [Int]
    /// Popularity over programs (Zipf), with its sampler.
    public let popularity: AliasTable
    /// Programs in the order a deduplicated corpus includes them (see `WeightedOrder`).
    public let coverageOrder: [Int32]

    /// Builds `count` programs; bodies from `stream: bodyStream`, coverage from `coverageStream`,
    /// body lengths (only when `minLength < length`) from `lengthStream`. `minLength` nil or equal
    /// to `length`: every body has `length` tokens and the set is the one built before lengths varied.
    public init(
        count: Int, length: Int, promptOffset: Int32, bodyTokens: Range<Int32>,
        popularityExponent: Double, bodyExponent: Double = 0, promptLength: Int = 1, promptPool: Int = 0,
        promptTokenExponent: Double = 0, minLength: Int? = nil, lengthExponent: Double = 0, idiomShare: Double = 0,
        aliases: Int = 1, aliasExponent: Double = 1,
        seed: UInt64, bodyStream: UInt64 = 4, coverageStream: UInt64 = 5, promptStream: UInt64 = 7,
        lengthStream: UInt64 = 9, idiomStream: UInt64 = 10, aliasStream: UInt64 = 13
    ) {
        precondition(count >= 1 && length >= 1, "programs need P ≥ 1 and L ≥ 1")
        let shortest = minLength ?? length
        precondition(shortest >= 1 && shortest <= length, "programs need 1 ≤ minLength ≤ L")
        precondition(lengthExponent.isFinite && lengthExponent >= 0, "the length law needs a finite exponent ≥ 0")
        precondition(!bodyTokens.isEmpty, "programs need body tokens")
        precondition(idiomShare >= 0 && idiomShare <= 1, "the idiom share is a probability")
        precondition(KnowledgeBase.keysFit(count: count, keyLength: promptLength, keyPool: promptPool),
                     "shared prompts need promptPool^promptLength ≥ 2·count")
        precondition(aliases >= 1 && (aliases == 1 || (promptLength >= 2
                        && KnowledgeBase.keysFit(count: count * aliases, keyLength: promptLength, keyPool: promptPool))),
                     "aliases need shared prompts with promptPool^promptLength ≥ 2·count·aliases")
        precondition(aliasExponent.isFinite && aliasExponent >= 0, "the alias law needs a finite exponent ≥ 0")
        self.count = count
        self.length = length
        self.minLength = shortest
        self.lengthExponent = lengthExponent
        self.promptOffset = promptOffset
        self.bodyTokens = bodyTokens
        self.bodyExponent = bodyExponent
        self.promptLength = promptLength
        promptTokenCount = promptLength == 1 ? count : promptPool
        var promptRNG = Xoshiro256(seed: seed, stream: promptStream)
        prompts = KnowledgeBase.drawKeys(count: count, keyLength: promptLength, keyPool: promptPool, exponent: promptTokenExponent,
                                         offset: promptOffset, rng: &promptRNG)
        (aliasCounts, aliasOffsets, aliasPrompts) = ProgramSet.drawAliases(
            count: count, aliases: aliases, exponent: aliasExponent, firstPrompts: prompts, promptLength: promptLength,
            promptPool: promptPool, promptTokenExponent: promptTokenExponent, offset: promptOffset, seed: seed, stream: aliasStream)
        // Lengths first (their own stream), then the tokens of all bodies in order from the body
        // stream: with fixed lengths that is the same sequence of draws as before lengths varied.
        let lengths = ProgramSet.drawLengths(count: count, shortest: shortest, longest: length, exponent: lengthExponent,
                                             seed: seed, stream: lengthStream)
        var offsets = [0]
        offsets.reserveCapacity(count + 1)
        for l in lengths { offsets.append(offsets.last! + l) }
        bodyOffsets = offsets
        let total = offsets.last!
        var bodyRNG = Xoshiro256(seed: seed, stream: bodyStream)
        self.idiomShare = idiomShare
        if idiomShare > 0 {
            // The idioms and each position's coin from their own stream; the body stream gives the
            // fresh draws, one per position as without idioms (a token that follows its idiom
            // discards its draw), so ρ → 0 gives the bodies of a world without idioms.
            let law = AliasTable(weights: AliasTable.zipfWeights(count: bodyTokens.count, exponent: bodyExponent))
            let n = bodyTokens.count, uniform = bodyExponent == 0
            func draw(_ rng: inout Xoshiro256) -> Int { uniform ? rng.nextInt(n) : law.sample(&rng) }
            var idiomRNG = Xoshiro256(seed: seed, stream: idiomStream)
            let lower = bodyTokens.lowerBound
            successors = (0..<n).map { _ in lower + Int32(draw(&idiomRNG)) }
            var out = [Int32](repeating: 0, count: total)
            for i in 0..<count {
                for j in offsets[i]..<offsets[i + 1] {
                    let fresh = lower + Int32(draw(&bodyRNG))
                    let follows = idiomRNG.nextDouble() < idiomShare
                    out[j] = j > offsets[i] && follows ? successors[Int(out[j - 1] - lower)] : fresh
                }
            }
            bodies = out
        } else if bodyExponent == 0 {
            successors = []
            // The uniform draw keeps its own path so that worlds without the exponent are unchanged.
            bodies = (0..<total).map { _ in bodyTokens.lowerBound + Int32(bodyRNG.nextInt(bodyTokens.count)) }
        } else {
            successors = []
            let law = AliasTable(weights: AliasTable.zipfWeights(count: bodyTokens.count, exponent: bodyExponent))
            bodies = (0..<total).map { _ in bodyTokens.lowerBound + Int32(law.sample(&bodyRNG)) }
        }
        popularity = AliasTable(weights: AliasTable.zipfWeights(count: count, exponent: popularityExponent))
        var coverageRNG = Xoshiro256(seed: seed, stream: coverageStream)
        coverageOrder = WeightedOrder.permutation(weights: popularity.probabilities, rng: &coverageRNG)
    }

    /// Body lengths of `count` programs: all `longest` when `shortest == longest` (no draw), else
    /// drawn independently with `P(ℓ) ∝ (ℓ − shortest + 1)^−exponent` over `shortest...longest`
    /// (most functions are short, with a heavy tail of long ones).
    public static func drawLengths(count: Int, shortest: Int, longest: Int, exponent: Double,
                                   seed: UInt64, stream: UInt64) -> [Int] {
        guard shortest < longest else { return [Int](repeating: longest, count: count) }
        let law = AliasTable(weights: AliasTable.zipfWeights(count: longest - shortest + 1, exponent: exponent))
        var rng = Xoshiro256(seed: seed, stream: stream)
        return (0..<count).map { _ in shortest + law.sample(&rng) }
    }

    // MARK: - Units

    /// Whether every body has the same length `L`.
    public var fixedLength: Bool { minLength == length }

    /// Tokens per program unit (prompt + body) with fixed lengths; with varying lengths, the longest.
    public var unitLength: Int { promptLength + length }

    /// Tokens of program `i`'s unit: prompt + its body.
    public func unitLength(of i: Int) -> Int { promptLength + bodyOffsets[i + 1] - bodyOffsets[i] }

    /// Body length of program `i`.
    public func bodyLength(of i: Int) -> Int { bodyOffsets[i + 1] - bodyOffsets[i] }

    /// How many programs of `coverageOrder`, taken from its start, fit in `tokens` unit tokens
    /// (at most `count`). With fixed lengths, `min(count, tokens / unitLength)`.
    public func coveredCount(tokens: Int) -> Int {
        if fixedLength { return min(count, tokens / unitLength) }
        var used = 0, n = 0
        while n < count {
            let next = used + unitLength(of: Int(coverageOrder[n]))
            if next > tokens { break }
            used = next; n += 1
        }
        return n
    }

    /// Prompt tokens of program `i` (its first name, the one the evaluation asks with).
    public func prompt(of i: Int) -> ArraySlice<Int32> { prompts[(i * promptLength)..<((i + 1) * promptLength)] }

    /// Names program `i`'s body appears under (1 without aliases).
    public func aliases(of i: Int) -> Int { aliasCounts.isEmpty ? 1 : aliasCounts[i] }

    /// Start in `aliasPrompts` of program `i`'s alias `a` (1 ≤ a < `aliases(of: i)`).
    public func aliasPromptStart(of i: Int, alias a: Int) -> Int { (aliasOffsets[i] + a - 1) * promptLength }

    /// Body of program `i`.
    public func body(of i: Int) -> ArraySlice<Int32> { bodies[bodyOffsets[i]..<bodyOffsets[i + 1]] }

    /// The training unit of program `i`: `[prompt] + body`.
    public func unit(of i: Int) -> [Int32] { Array(prompt(of: i)) + body(of: i) }

    /// Appends program `i`'s unit to flat storage.
    public func appendUnit(of i: Int, to out: inout [Int32]) {
        out.append(contentsOf: prompt(of: i))
        out.append(contentsOf: body(of: i))
    }

    // MARK: - Evaluation

    /// Program `i` as an evaluation item.
    public func item(of i: Int) -> ProgramItem {
        ProgramItem(program: i, prompt: Array(prompt(of: i)), body: Array(body(of: i)))
    }

    /// Three difficulty classes by the body's rarest token (the highest id, the lowest frequency
    /// rank): exact match needs every token, so the hardest one decides. `of[i]` is program `i`'s
    /// class, 0 = the third whose rarest token is most common.
    /// With idioms the classes go by how many of a body's tokens break their predecessor's idiom
    /// (fewest first): a break must be memorised against what every other program taught.
    /// With aliases they go by the number of names (fewest first): only one exposure in `a` is
    /// under the name the evaluation asks with.
    public var difficultyClasses: (names: [String], of: [Int]) {
        if !aliasCounts.isEmpty {
            return (["programs with the fewest names (first third)", "middle third", "programs with the most names (last third)"],
                    DifficultyThirds.classes(byKey: aliasCounts.map { Int32($0) }))
        }
        if idiomShare > 0 {
            return (["bodies that keep their idioms (fewest breaks)", "middle third", "bodies that break most idioms (last third)"],
                    DifficultyThirds.classes(byKey: (0..<count).map { Int32(idiomBreaks(of: $0)) }))
        }
        return (["bodies of common tokens (first third)", "middle third", "bodies with a rare token (last third)"],
                DifficultyThirds.classes(byKey: (0..<count).map { body(of: $0).max()! }))
    }

    /// Tokens of program `i`'s body after the first that are not their predecessor's idiom (0
    /// without idioms).
    public func idiomBreaks(of i: Int) -> Int {
        guard idiomShare > 0 else { return 0 }
        let b = body(of: i), lower = bodyTokens.lowerBound
        return zip(b.dropLast(), b.dropFirst()).filter { successors[Int($0 - lower)] != $1 }.count
    }

    /// Probability of body token `t` under the law the bodies' fresh draws follow.
    func bodyTokenProbability() -> (Int32) -> Double {
        let w = AliasTable.zipfWeights(count: bodyTokens.count, exponent: bodyExponent)
        let total = w.reduce(0, +), lower = bodyTokens.lowerBound
        let p = w.map { $0 / total }
        return { p[Int($0 - lower)] }
    }

    /// Bits of information in body token `t` under the law the bodies are drawn from,
    /// `−log2 p(t)` (`log2 |bodyTokens|` for the uniform law): what a model that knows a body
    /// token exactly holds beyond one that knows only the law (capacity, Allen-Zhu & Li 2024).
    public func bodyTokenInformation() -> (Int32) -> Double {
        let p = bodyTokenProbability()
        return { -log2(p($0)) }
    }

    /// Bits of information in each token of a program's body (`information(i)` for program `i`)
    /// under the law the bodies are drawn from: `−log2 p(t)` for the first token and, with idioms,
    /// `−log2(ρ·[t = idiom(prev)] + (1 − ρ)·p(t))` for the others (what the idioms already give is
    /// not the program's own). The law is tabulated once for all programs.
    public func bodyInformation() -> (Int) -> [Double] {
        let p = bodyTokenProbability(), lower = bodyTokens.lowerBound
        return { i in
            let b = Array(self.body(of: i))
            return b.indices.map { j in
                guard j > 0, self.idiomShare > 0 else { return -log2(p(b[j])) }
                let idiom = self.successors[Int(b[j - 1] - lower)] == b[j] ? self.idiomShare : 0
                return -log2(idiom + (1 - self.idiomShare) * p(b[j]))
            }
        }
    }

    /// `count` programs drawn in proportion to popularity (with replacement).
    public func evalItems(count n: Int, rng: inout Xoshiro256) -> [ProgramItem] {
        (0..<n).map { _ in
            item(of: popularity.sample(&rng))
        }
    }
}
