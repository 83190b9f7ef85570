// The evaluation kernel (log p(target) and the arg-max in one exp pass) against the reference
// path (log-softmax rows, then a scan), on odd shapes, every supported level, and through the model.
import Testing
@testable import ReciteCore

@Suite struct EvaluationKernelTests {
    @Test(arguments: Softmax.KernelLevel.allCases.filter(\.isSupported))
    func matchesLogSoftmaxThenScan(level: Softmax.KernelLevel) {
        var rng = Xoshiro256(seed: 23)
        for (rows, n) in [(1, 2), (3, 15), (5, 16), (7, 17), (4, 203), (2, 1025)] {
            for withBias in [true, false] {
                var logits = uniformFloats(rows * n, scale: 6, rng: &rng)
                // Ties: repeat a row's maximum elsewhere, so the first index must win.
                for r in 0..<rows where n > 3 { logits[r * n + n - 1] = 100; logits[r * n + n / 2] = 100 }
                let bias = withBias ? uniformFloats(n, scale: 1, rng: &rng) : [Float](repeating: 0, count: n)
                let targets = (0..<rows).map { _ in Int32(rng.nextInt(n)) }
                var ref = logits, got = logits
                var lp = [Float](repeating: .nan, count: rows), best = [Int32](repeating: -1, count: rows)
                bias.withUnsafeBufferPointer { bp in
                    let b = withBias ? bp.baseAddress : nil
                    Softmax.logSoftmax(logits: &ref, rows: rows, width: n, bias: b, level: level)
                    Softmax.evaluateRows(logits: &got, rows: rows, width: n, bias: b, targets: targets, logProbability: &lp, argmax: &best, level: level)
                }
                for r in 0..<rows {
                    let row = Array(ref[(r * n)..<((r + 1) * n)])
                    var at = 0
                    for c in 1..<n where row[c] > row[at] { at = c }
                    #expect(lp[r] == row[Int(targets[r])], "rows \(rows) n \(n) row \(r): \(lp[r]) vs \(row[Int(targets[r])])")
                    #expect(Int(best[r]) == at, "rows \(rows) n \(n) row \(r): argmax \(best[r]) vs \(at)")
                }
            }
        }
    }

    /// A NaN anywhere makes the row's log-sum-exp NaN, so every log-probability is NaN and the scan
    /// keeps index 0; the kernel must too.
    @Test func nanRowKeepsIndexZero() {
        for var row: [Float] in [[.nan, 1, 2, 3], [1, 5, .nan, 5, 2, 9, .nan, 9, 0, 0, 0, 0, 0, 0, 0, 0, 0, 9]] {
            var lp = [Float](repeating: 0, count: 1), best = [Int32](repeating: -1, count: 1)
            Softmax.evaluateRows(logits: &row, rows: 1, width: row.count, bias: nil, targets: [Int32(1)], logProbability: &lp, argmax: &best)
            #expect(best[0] == 0 && lp[0].isNaN)
        }
    }

    @Test func modelEvaluationMatchesReference() {
        for spec in [ModelSpec(width: 3, context: 2, combine: .sum, bias: true), ModelSpec(width: 5, context: 2, combine: .concat, bias: false)] {
            let v = 37, n = 301
            let m = randomModel(spec: spec, inputs: v, classes: v, seed: 4)
            var rng = Xoshiro256(seed: 6)
            let contexts = (0..<(n * spec.context)).map { _ in Int32(rng.nextInt(v)) }, targets = (0..<n).map { _ in Int32(rng.nextInt(v)) }
            let ws = Workspace(model: m, capacity: 64)
            let a = m.evaluate(contexts: contexts, targets: targets, workspace: ws)
            let b = m.evaluateByLogSoftmax(contexts: contexts, targets: targets, workspace: ws)
            print("evaluation kernel vs log-softmax scan, \(spec.combine): loss \(a.loss) vs \(b.loss), top1 \(a.top1) vs \(b.top1)")
            #expect(a.loss == b.loss && a.top1 == b.top1)
        }
    }

    /// The scorer the evaluator uses: its kernel-backed `lossAndTop1` and `greedyTokens` against the
    /// protocol's reference defaults (log-probabilities, then a scan), bit for bit, including a
    /// model with tied maxima (all-zero output matrix, so every row ties and index 0 must win).
    @Test func scorerMatchesReferenceDefaults() {
        for (spec, zeroOutput) in [(ModelSpec(width: 3, context: 4, combine: .sum, bias: true), false),
                                   (ModelSpec(width: 2, context: 1, combine: .sum, bias: false), true)] {
            let v = 41, n = 77
            let m = randomModel(spec: spec, inputs: v, classes: v, seed: 9)
            if zeroOutput { m.output.base.update(repeating: 0, count: m.output.count) }
            var rng = Xoshiro256(seed: 10)
            let contexts = (0..<(n * spec.context)).map { _ in Int32(rng.nextInt(v)) }, targets = (0..<n).map { _ in Int32(rng.nextInt(v)) }
            let fast = LogBilinearScorer(model: m, workspace: Workspace(model: m, capacity: 32))
            let reference = ReferenceScorer(fast)
            let a = fast.lossAndTop1(contexts: contexts, targets: targets), b = reference.lossAndTop1(contexts: contexts, targets: targets)
            #expect(a.loss == b.loss && a.top1 == b.top1, "\(a) vs \(b)")
            var got = [Int32](repeating: -1, count: 32), want = [Int32](repeating: -2, count: 32)
            contexts.withUnsafeBufferPointer { c in
                fast.greedyTokens(contexts: c.baseAddress!, count: 29, into: &got)
                reference.greedyTokens(contexts: c.baseAddress!, count: 29, into: &want)
            }
            #expect(got[..<29] == want[..<29])
            if zeroOutput && !spec.bias { #expect(got[..<29].allSatisfy { $0 == 0 }) }
        }
    }
}

/// A scorer that forwards `logProbabilities` only, so it gets the protocol's reference defaults.
private final class ReferenceScorer: NextTokenScorer {
    let base: LogBilinearScorer
    init(_ base: LogBilinearScorer) { self.base = base }
    var context: Int { base.context }
    var outputClasses: Int { base.outputClasses }
    var capacity: Int { base.capacity }
    func logProbabilities(contexts: UnsafePointer<Int32>, count n: Int) -> UnsafeMutablePointer<Float> {
        base.logProbabilities(contexts: contexts, count: n)
    }
}
