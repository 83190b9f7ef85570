import ReciteCore

// Four-way multiple-choice questions whose options are exchangeable under the value prior.

/// One question: which of `options` follows `context`?
public struct MultipleChoiceQuestion: Hashable, Sendable {
    /// The fact asked about.
    public let fact: Int
    /// Tokens of the fact's unit before the answer (`[key]` or `[key, relation]`), without BOS.
    public let context: [Int32]
    /// Four distinct value tokens, in random order.
    public let options: [Int32]
    /// Index of the true value in `options`.
    public let answer: Int

    public init(fact: Int, context: [Int32], options: [Int32], answer: Int) {
        self.fact = fact
        self.context = context
        self.options = options
        self.answer = answer
    }
}

extension KnowledgeBase {
    // MARK: - Questions

    /// `count` questions about facts drawn in proportion to popularity (with replacement).
    ///
    /// Distractors: three values i.i.d. from `distractorLaw` (the value prior, tilted), the three
    /// redrawn together unless all four options (true + 3) are distinct, then the four shuffled.
    /// The true value is a draw from the prior (over the random choice of facts' values), and the
    /// tilt makes the joint law of the four options exchangeable, so a model that knows only the
    /// prior (or nothing) scores exactly 25% in expectation, while one that knows the fact scores
    /// 100%. Plain prior distractors would favour common answers (25.9% for a prior-only model).
    public func questions(count n: Int, rng: inout Xoshiro256) -> [MultipleChoiceQuestion] {
        (0..<n).map { _ in question(about: popularity.sample(&rng), rng: &rng) }
    }

    /// One question about fact `i`.
    public func question(about i: Int, rng: inout Xoshiro256) -> MultipleChoiceQuestion {
        let truth = values[i]
        var options: [Int32] = [truth, 0, 0, 0]
        repeat {
            for j in 1...3 { options[j] = valueTokens.lowerBound + Int32(distractorLaw.sample(&rng)) }
        } while !allDistinct(options)
        rng.shuffle(&options)
        let answer = options.firstIndex(of: truth)!
        return MultipleChoiceQuestion(fact: i, context: context(of: i), options: options, answer: answer)
    }
}

@inline(__always)
private func allDistinct(_ o: [Int32]) -> Bool {
    o[0] != o[1] && o[0] != o[2] && o[0] != o[3] && o[1] != o[2] && o[1] != o[3] && o[2] != o[3]
}
