// An independent Double reference of the recurrent-depth model's truncated objective, written from
// the definition (no code shared with the Float kernels).
@testable import ReciteCore
#if canImport(Glibc)
import Glibc
#endif

struct RecurrentReference {
    var spec: ModelSpec, block: RecurrentSpec, inputs: Int, classes: Int
    /// Parameters in `RecurrentDepthModel.parameters` order: E, A, U, c, W, b.
    var params: [[Double]]

    init(_ m: RecurrentDepthModel) {
        spec = m.spec; block = m.block; inputs = m.inputVocabulary; classes = m.outputClasses
        params = m.parameters.map(doubles)
    }

    func hidden(_ ctx: ArraySlice<Int32>) -> [Double] {
        let d = spec.width, k = spec.context
        var h = [Double](repeating: 0, count: spec.hiddenSize)
        for j in 0..<k {
            let row = (j * inputs + Int(ctx[ctx.startIndex + j])) * d
            for c in 0..<d {
                if spec.combine == .sum { h[c] += params[0][row + c] } else { h[j * d + c] = params[0][row + c] }
            }
        }
        return h
    }

    /// Mean cross-entropy when `steps` iterations start from the given states (`n × D`, frozen).
    func meanLoss(contexts: [Int32], targets: [Int32], start: [Double], steps: Int) -> Double {
        let k = spec.context, dd = block.stateWidth, h = spec.hiddenSize
        let (a, u, c, w, b) = (params[1], params[2], params[3], params[4], params[5])
        var total = 0.0
        for i in 0..<targets.count {
            let e = hidden(contexts[(i * k)..<((i + 1) * k)])
            var inj = c
            for col in 0..<dd { for r in 0..<h { inj[col] += e[r] * u[r * dd + col] } }
            var s = Array(start[(i * dd)..<((i + 1) * dd)])
            for _ in 0..<steps {
                var z = inj
                for col in 0..<dd { for r in 0..<dd { z[col] += s[r] * a[r * dd + col] } }
                let a = block.activation == .tanh ? z.map { Foundation_tanh($0) } : z
                let alpha = Double(block.updateFraction)
                s = alpha == 1 ? a : (0..<dd).map { s[$0] + alpha * (a[$0] - s[$0]) }
            }
            let logits = (0..<classes).map { v -> Double in
                var z = b.isEmpty ? 0 : b[v]
                for r in 0..<dd { z += s[r] * w[r * classes + v] }
                return z
            }
            let m = logits.max()!
            total += m + log(logits.reduce(0) { $0 + exp($1 - m) }) - logits[Int(targets[i])]
        }
        return total / Double(targets.count)
    }
}

@inline(__always) func Foundation_tanh(_ x: Double) -> Double { tanh(x) }
