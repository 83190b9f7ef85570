// Finite-difference checks of every parameter's gradient, and logistic regression's closed form.
import Testing
@testable import ReciteCore
#if canImport(Glibc)
import Glibc
#endif

@Suite struct GradientCheckTests {
    /// Central differences in Double (step 1e-5, truncation error ~1e-10) against the Float
    /// backward: the Float kernels carry ~1e-7 relative rounding, amplified by cancellation in
    /// small entries, hence relative error with an absolute floor.
    static let fdStep = 1e-5
    static let fdTolerance = 2e-4
    static let fdFloor = 1e-3
    static let lossTolerance = 1e-6

    struct Case: CustomTestStringConvertible, Sendable {
        var context: Int, combine: ContextCombine, bias: Bool, classes: Int
        var testDescription: String { "k=\(context) \(combine) bias=\(bias) V_out=\(classes)" }
    }

    static let cases: [Case] = {
        var out: [Case] = []
        for classes in [11, 2] { for k in [1, 3] { for combine in ContextCombine.allCases { for bias in [true, false] {
            if k == 1 && combine == .concat { continue }  // identical to sum
            out.append(Case(context: k, combine: combine, bias: bias, classes: classes))
        } } } }
        return out
    }()

    /// Six examples over 7 input tokens: example 1 repeats a token inside its context, examples 0
    /// and 4 share their context (their gradients accumulate in the same embedding rows).
    static func batch(context k: Int, classes: Int) -> (contexts: [Int32], targets: [Int32]) {
        let rows: [[Int32]] = [[3, 1, 4], [2, 2, 2], [6, 0, 5], [0, 3, 1], [3, 1, 4], [5, 5, 0]]
        let contexts = rows.flatMap { Array($0.prefix(k)) }
        let targets = [Int32]([1, 0, 4, 9, 1, 7].map { $0 % Int32(classes) })
        return (contexts, targets)
    }

    @Test(arguments: cases)
    func finiteDifferences(_ c: Case) {
        let spec = ModelSpec(width: 4, context: c.context, combine: c.combine, bias: c.bias)
        let model = randomModel(spec: spec, inputs: 7, classes: c.classes, seed: 17)
        let (contexts, targets) = Self.batch(context: c.context, classes: c.classes)
        let n = targets.count
        let ws = Workspace(model: model, capacity: n), grads = Gradients(model: model, capacity: n)
        let loss = model.lossAndGradients(contexts: contexts, targets: targets, count: n, workspace: ws, gradients: grads)

        var ref = ReferenceModel(model)
        let refLoss = ref.meanLoss(contexts: contexts, targets: targets)
        #expect(relativeError(loss / Double(n), refLoss, floor: 1) < Self.lossTolerance)

        let h = Self.fdStep
        func fd(_ path: WritableKeyPath<ReferenceModel, [Double]>, _ i: Int) -> Double {
            let x = ref[keyPath: path][i]
            ref[keyPath: path][i] = x + h; let up = ref.meanLoss(contexts: contexts, targets: targets)
            ref[keyPath: path][i] = x - h; let down = ref.meanLoss(contexts: contexts, targets: targets)
            ref[keyPath: path][i] = x
            return (up - down) / (2 * h)
        }
        var worst: [String: Double] = [:]
        var nonzero = 0
        for (name, path, buffer) in [("embeddings", \ReferenceModel.embeddings, grads.embeddings),
                                     ("output", \ReferenceModel.output, grads.output),
                                     ("bias", \ReferenceModel.bias, grads.bias)] {
            var w = 0.0
            for i in 0..<buffer.count {
                let numeric = fd(path, i), analytic = Double(buffer[i])
                if abs(numeric) > 1e-6 { nonzero += 1 }
                w = max(w, relativeError(analytic, numeric, floor: Self.fdFloor))
            }
            worst[name] = w
        }
        print("FD \(c.testDescription): max relative error embeddings \(worst["embeddings"]!), output \(worst["output"]!), bias \(worst["bias"] ?? 0)")
        #expect(worst.values.allSatisfy { $0 < Self.fdTolerance }, "\(worst)")
        #expect(nonzero > model.output.count, "gradients are trivially zero")
        #expect(grads.bias.count == (c.bias ? c.classes : 0))
    }

    /// With two classes, p(class 1) = σ(z) with z = h·(W₁ − W₀) + (b₁ − b₀): the gradient of the mean
    /// loss in W's column 1 is the logistic-regression closed form (1/n)·Σ(σ(z) − y)·h, column 0 its negative.
    @Test func twoClassIsLogisticRegression() {
        let spec = ModelSpec(width: 5, context: 1, combine: .sum, bias: true)
        let model = randomModel(spec: spec, inputs: 9, classes: 2, seed: 23)
        let contexts: [Int32] = [0, 3, 8, 3, 5, 1, 7], targets: [Int32] = [1, 0, 1, 1, 0, 0, 1]
        let n = targets.count, d = spec.width
        let ws = Workspace(model: model, capacity: n), grads = Gradients(model: model, capacity: n)
        _ = model.lossAndGradients(contexts: contexts, targets: targets, count: n, workspace: ws, gradients: grads)
        var dw = [Double](repeating: 0, count: d), db = 0.0
        for i in 0..<n {
            let x = (0..<d).map { Double(model.embeddings[Int(contexts[i]) * d + $0]) }
            var z = Double(model.bias[1] - model.bias[0])
            for r in 0..<d { z += x[r] * Double(model.output[r * 2 + 1] - model.output[r * 2]) }
            let residual = 1 / (1 + exp(-z)) - Double(targets[i])
            for r in 0..<d { dw[r] += residual * x[r] / Double(n) }
            db += residual / Double(n)
        }
        var worst = abs(Double(grads.bias[1]) - db) + abs(Double(grads.bias[0]) + db)
        for r in 0..<d {
            worst = max(worst, abs(Double(grads.output[r * 2 + 1]) - dw[r]), abs(Double(grads.output[r * 2]) + dw[r]))
        }
        print("logistic regression closed form: max |Δ| = \(worst)")
        #expect(worst < 1e-6)
    }
}
