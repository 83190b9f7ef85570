// The small-H path of the fused cross-entropy (logits computed inside the kernel) against the
// reference path (sgemm logits, then the row kernel), on odd shapes at every supported level.
import Testing
@testable import ReciteCore

@Suite struct SmallLogitsKernelTests {
    /// Gradient entries (absolute) and losses (relative): the same sums in the same order, so in
    /// practice the bits agree; the tolerance allows a BLAS that orders its inner sum differently.
    static let tolerance: Float = 1e-6

    @Test(arguments: Softmax.KernelLevel.allCases.filter(\.isSupported))
    func matchesSgemmThenRowKernel(level: Softmax.KernelLevel) {
        var rng = Xoshiro256(seed: 19)
        var identical = 0, cases = 0
        for hdim in [1, 2, 3, 5, 8] {
            for (rows, n) in [(1, 2), (5, 17), (7, 203), (13, 1024)] {
                for withBias in [true, false] {
                    let h = uniformFloats(rows * hdim, scale: 2, rng: &rng), w = uniformFloats(hdim * n, scale: 2, rng: &rng)
                    let bias = uniformFloats(n, scale: 1, rng: &rng)
                    let targets = (0..<rows).map { _ in Int32(rng.nextInt(n)) }
                    var ref = [Float](repeating: 0, count: rows * n), got = [Float](repeating: .nan, count: rows * n)
                    var refSums = [Float](repeating: 0, count: n), gotSums = [Float](repeating: 0, count: n)
                    var refLoss = [Float](repeating: 0, count: rows), gotLoss = [Float](repeating: 0, count: rows)
                    let (a, b) = bias.withUnsafeBufferPointer { bp -> (Double, Double) in
                        let bb = withBias ? bp.baseAddress : nil
                        BLAS.sgemm(.none, .none, m: rows, n: n, k: hdim, a: h, b: w, c: &ref)
                        let a = Softmax.crossEntropyRows(logits: &ref, rows: rows, width: n, bias: bb, targets: targets, gradScale: 0.25,
                                                         rowLoss: &refLoss, columnSum: &refSums, level: level)
                        let b = Softmax.crossEntropyRows(logits: &got, rows: rows, width: n, hidden: h, hiddenSize: hdim, output: w, bias: bb,
                                                         targets: targets, gradScale: 0.25, rowLoss: &gotLoss, columnSum: &gotSums, level: level)
                        return (a, b)
                    }
                    var worst: Float = 0
                    for i in 0..<(rows * n) { worst = max(worst, abs(ref[i] - got[i])) }
                    for i in 0..<n { worst = max(worst, abs(refSums[i] - gotSums[i])) }
                    #expect(worst < Self.tolerance, "H=\(hdim) rows=\(rows) n=\(n) bias=\(withBias): max |Δg| = \(worst)")
                    #expect(abs(a - b) <= 1e-6 * max(abs(a), 1), "H=\(hdim) rows=\(rows) n=\(n): loss \(a) vs \(b)")
                    cases += 1
                    if ref == got && refSums == gotSums && a == b { identical += 1 }
                }
            }
        }
        print("small-H kernel [\(level)] vs sgemm + row kernel: \(identical)/\(cases) cases bit-identical")
    }
}
