// Shared helpers for ReciteCore tests: random data, Double references, error measures.
@testable import ReciteCore

/// Relative error `|a − b| / max(|a|, |b|, floor)`: relative for large values, absolute below `floor`.
func relativeError(_ a: Double, _ b: Double, floor: Double) -> Double {
    abs(a - b) / max(abs(a), abs(b), floor)
}

/// `count` Floats drawn uniformly from `[-scale, scale)`.
func uniformFloats(_ count: Int, scale: Float = 1, rng: inout Xoshiro256) -> [Float] {
    (0..<count).map { _ in (rng.nextFloat() * 2 - 1) * scale }
}

/// Copies a Float buffer into Doubles.
func doubles(_ b: FloatBuffer) -> [Double] { (0..<b.count).map { Double(b[$0]) } }

/// A small model with every parameter random (output and bias too), so no gradient is trivially zero.
func randomModel(spec: ModelSpec, inputs: Int, classes: Int, seed: UInt64) -> LogBilinearModel {
    var s = spec
    s.outputInitScale = 1
    var rng = Xoshiro256(seed: seed)
    let m = LogBilinearModel(spec: s, inputVocabulary: inputs, outputClasses: classes, rng: &rng)
    for i in 0..<m.bias.count { m.bias[i] = (rng.nextFloat() * 2 - 1) * 0.5 }
    return m
}

/// Independent Double reference of the model's mean cross-entropy, from parameters given as Doubles.
/// Written from the definition (no shared code with the Float kernels).
struct ReferenceModel {
    var spec: ModelSpec
    var inputs: Int
    var classes: Int
    var embeddings: [Double]
    var output: [Double]
    var bias: [Double]

    init(_ m: LogBilinearModel) {
        spec = m.spec; inputs = m.inputVocabulary; classes = m.outputClasses
        embeddings = doubles(m.embeddings); output = doubles(m.output); bias = doubles(m.bias)
    }

    /// Hidden vector of one context (most recent token first; table j for position j).
    func hidden(_ ctx: ArraySlice<Int32>) -> [Double] {
        let d = spec.width, k = spec.context
        var h = [Double](repeating: 0, count: spec.hiddenSize)
        for j in 0..<k {
            let row = (j * inputs + Int(ctx[ctx.startIndex + j])) * d
            for c in 0..<d {
                if spec.combine == .sum { h[c] += embeddings[row + c] } else { h[j * d + c] = embeddings[row + c] }
            }
        }
        return h
    }

    /// Logits `h·W + b` of one context.
    func logits(_ ctx: ArraySlice<Int32>) -> [Double] {
        let h = hidden(ctx), hs = spec.hiddenSize
        return (0..<classes).map { v in
            var z = bias.isEmpty ? 0 : bias[v]
            for r in 0..<hs { z += h[r] * output[r * classes + v] }
            return z
        }
    }

    /// Mean cross-entropy over the batch.
    func meanLoss(contexts: [Int32], targets: [Int32]) -> Double {
        let k = spec.context
        var total = 0.0
        for i in 0..<targets.count {
            let z = logits(contexts[(i * k)..<((i + 1) * k)])
            let m = z.max()!
            let lse = m + log(z.reduce(0) { $0 + exp($1 - m) })
            total += lse - z[Int(targets[i])]
        }
        return total / Double(targets.count)
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
