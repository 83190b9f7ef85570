import ReciteCore

// Programs: a prompt token followed by a body that must be reproduced exactly (`exact` eval).

/// One program to evaluate: greedy decoding from `prompt` must reproduce every token of `body`.
public struct ProgramItem: Hashable, Sendable {
    public let program: Int
    /// `[prompt token]`, without BOS.
    public let prompt: [Int32]
    public let body: [Int32]

    public init(program: Int, prompt: [Int32], body: [Int32]) {
        self.program = program
        self.prompt = prompt
        self.body = body
    }
}

/// `P` programs, each a dedicated prompt token followed by `L` body tokens.
///
/// Bodies are drawn uniformly and independently from `bodyTokens` (in a world: the whole
/// background vocabulary), so a body is guessed with probability `1/|bodyTokens|^L`: greedy
/// decoding without memorisation scores 0, and knowing most of a body is worth nothing. Program
/// `i` has popularity rank `i + 1`.
public struct ProgramSet: Sendable {
    /// Number of programs `P`.
    public let count: Int
    /// Body length `L`.
    public let length: Int
    /// Id of program 0's prompt; prompts are `promptOffset..<promptOffset+P`, all distinct.
    public let promptOffset: Int32
    /// Range body tokens are drawn from, uniformly.
    public let bodyTokens: Range<Int32>
    /// Row-major `P × L` bodies.
    public let bodies: [Int32]
    /// Popularity over programs (Zipf), with its sampler.
    public let popularity: AliasTable
    /// Programs in the order a deduplicated corpus includes them (see `WeightedOrder`).
    public let coverageOrder: [Int32]

    /// Builds `count` programs; bodies from `stream: bodyStream`, coverage from `coverageStream`.
    public init(
        count: Int, length: Int, promptOffset: Int32, bodyTokens: Range<Int32>,
        popularityExponent: Double, seed: UInt64, bodyStream: UInt64 = 4, coverageStream: UInt64 = 5
    ) {
        precondition(count >= 1 && length >= 1, "programs need P ≥ 1 and L ≥ 1")
        precondition(!bodyTokens.isEmpty, "programs need body tokens")
        self.count = count
        self.length = length
        self.promptOffset = promptOffset
        self.bodyTokens = bodyTokens
        var bodyRNG = Xoshiro256(seed: seed, stream: bodyStream)
        bodies = (0..<(count * length)).map { _ in bodyTokens.lowerBound + Int32(bodyRNG.nextInt(bodyTokens.count)) }
        popularity = AliasTable(weights: AliasTable.zipfWeights(count: count, exponent: popularityExponent))
        var coverageRNG = Xoshiro256(seed: seed, stream: coverageStream)
        coverageOrder = WeightedOrder.permutation(weights: popularity.probabilities, rng: &coverageRNG)
    }

    // MARK: - Units

    /// Tokens per program unit: prompt + body.
    public var unitLength: Int { length + 1 }

    /// Prompt token of program `i`.
    public func prompt(of i: Int) -> Int32 { promptOffset + Int32(i) }

    /// Body of program `i`.
    public func body(of i: Int) -> ArraySlice<Int32> { bodies[(i * length)..<((i + 1) * length)] }

    /// The training unit of program `i`: `[prompt] + body`.
    public func unit(of i: Int) -> [Int32] { [prompt(of: i)] + body(of: i) }

    /// Appends program `i`'s unit to flat storage.
    public func appendUnit(of i: Int, to out: inout [Int32]) {
        out.append(prompt(of: i))
        out.append(contentsOf: body(of: i))
    }

    // MARK: - Evaluation

    /// `count` programs drawn in proportion to popularity (with replacement).
    public func evalItems(count n: Int, rng: inout Xoshiro256) -> [ProgramItem] {
        (0..<n).map { _ in
            let i = popularity.sample(&rng)
            return ProgramItem(program: i, prompt: [prompt(of: i)], body: Array(body(of: i)))
        }
    }
}
