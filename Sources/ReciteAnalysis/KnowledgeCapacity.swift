// Bits of knowledge a model stores (Allen-Zhu & Li 2024, "Physics of Language Models 3.3"):
// for each fact, the information in its value (log2 |values| for a value drawn uniformly from the
// value set) minus what the model still lacks (the cross-entropy of the true value, in bits).
// A model that knows every fact exactly stores log2 |values| bits per fact; one that spreads its
// probability uniformly over the values stores 0. A confidently wrong model can store less than 0:
// the sum is not clamped per fact, because clamping would credit lucky guesses and hide errors.
import Foundation

/// Bits stored about a set of facts, and the same per parameter.
public struct KnowledgeCapacity: Codable, Hashable, Sendable {
    /// Facts (or programs) measured.
    public var facts: Int
    /// Size of the value set (the answer space of one fact; for programs, of one body token).
    public var valueCount: Int
    /// Σ over facts of `log2 valueCount − CE(true value)` in bits.
    public var bits: Double
    /// Parameters of the model (all of them, as Allen-Zhu & Li count).
    public var parameters: Int

    /// Bits per parameter.
    public var bitsPerParameter: Double { parameters > 0 ? bits / Double(parameters) : .nan }
    /// The most a model could store: `facts · log2 valueCount` for facts; for programs, the
    /// information in their body tokens under the law they are drawn from.
    public var maximumBits: Double
    /// Share of the maximum stored.
    public var shareOfMaximum: Double { maximumBits > 0 ? bits / maximumBits : .nan }

    /// `maximumBits` nil: `facts · log2 valueCount` (one value per fact, drawn uniformly).
    public init(facts: Int, valueCount: Int, bits: Double, parameters: Int, maximumBits: Double? = nil) {
        self.facts = facts; self.valueCount = valueCount; self.bits = bits; self.parameters = parameters
        self.maximumBits = maximumBits ?? Double(facts) * log2(Double(valueCount))
    }

    /// From the natural-log probability the model gives each fact's true value, renormalised over
    /// the value set (the question names the kind of answer, so mass outside the set is not held
    /// against the model). Non-finite inputs (probability 0) are an error.
    public static func measure(trueValueLogProbabilities lp: [Double], valueCount: Int, parameters: Int) throws -> KnowledgeCapacity {
        guard valueCount >= 2 else { throw AnalysisError.invalidInput(fit: "capacity", detail: "needs at least 2 values, got \(valueCount)") }
        guard lp.allSatisfy({ $0.isFinite && $0 <= 1e-9 }) else {
            throw AnalysisError.invalidInput(fit: "capacity", detail: "needs finite log-probabilities ≤ 0, one is \(lp.first { !($0.isFinite && $0 <= 1e-9) }!)")
        }
        let info = log2(Double(valueCount))
        let bits = lp.reduce(0.0) { $0 + info + $1 / M_LN2 }
        return KnowledgeCapacity(facts: lp.count, valueCount: valueCount, bits: bits, parameters: parameters)
    }

    /// Bits stored about programs: for each program, Σ over its body tokens of the token's
    /// information under the body law (`information`, bits) minus the cross-entropy of the true
    /// token (`tokenLogProbabilities`, natural log, renormalised over the body alphabet of
    /// `alphabet` tokens, each token scored after the true prompt and the true tokens before it).
    /// A model that knows every body exactly stores the sum of the information; one that knows
    /// only the law stores 0 in expectation. Both arrays hold one row per program, of equal lengths.
    public static func measure(tokenLogProbabilities lp: [[Double]], information: [[Double]], alphabet: Int,
                               parameters: Int) throws -> KnowledgeCapacity {
        guard alphabet >= 2 else { throw AnalysisError.invalidInput(fit: "capacity", detail: "needs at least 2 body tokens, got \(alphabet)") }
        guard lp.count == information.count, zip(lp, information).allSatisfy({ $0.count == $1.count }) else {
            throw AnalysisError.invalidInput(fit: "capacity", detail: "needs one information value per scored token")
        }
        let flat = lp.joined(), info = information.joined()
        guard flat.allSatisfy({ $0.isFinite && $0 <= 1e-9 }) else {
            throw AnalysisError.invalidInput(fit: "capacity", detail: "needs finite log-probabilities ≤ 0, one is \(flat.first { !($0.isFinite && $0 <= 1e-9) }!)")
        }
        guard info.allSatisfy({ $0.isFinite && $0 >= 0 }) else {
            throw AnalysisError.invalidInput(fit: "capacity", detail: "needs finite information ≥ 0 bits per token")
        }
        let bits = zip(flat, info).reduce(0.0) { $0 + $1.1 + $1.0 / M_LN2 }
        return KnowledgeCapacity(facts: lp.count, valueCount: alphabet, bits: bits, parameters: parameters,
                                 maximumBits: info.reduce(0, +))
    }

    /// Log-probability of `truth` among `logits` restricted to `values` (a stable log-sum-exp).
    public static func restrictedLogProbability(logits: [Double], values: Range<Int>, truth: Int) -> Double {
        var m = -Double.infinity
        for v in values { m = max(m, logits[v]) }
        var s = 0.0
        for v in values { s += exp(logits[v] - m) }
        return logits[truth] - m - log(s)
    }
}
