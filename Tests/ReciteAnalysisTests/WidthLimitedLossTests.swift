// The population objective of `recite width-limit`: its gradient against central differences (plain
// and preconditioned), and its minimum on planted laws whose best width is known.
import Foundation
import Testing
import ReciteCore
@testable import ReciteAnalysis

@Suite struct WidthLimitedLossTests {
    /// A random law: `contexts` rows of softmax(Gaussian·scale) over `classes`, Zipf-ish weights.
    static func randomLaw(contexts: Int, classes: Int, scale: Double, seed: UInt64) -> (target: [Double], weights: [Double]) {
        var rng = Xoshiro256(seed: seed)
        var target: [Double] = []
        for _ in 0..<contexts {
            let z = (0..<classes).map { _ in scale * rng.nextGaussian() }
            let top = z.max()!, e = z.map { exp($0 - top) }, s = e.reduce(0, +)
            target += e.map { $0 / s }
        }
        let w = (1...contexts).map { 1 / Double($0) }, t = w.reduce(0, +)
        return (target, w.map { $0 / t })
    }

    /// A law whose logits are exactly a rank-`rank` product plus a bias: width `rank` can reach its floor.
    static func plantedLaw(contexts: Int, classes: Int, rank: Int, seed: UInt64) -> (target: [Double], weights: [Double]) {
        var rng = Xoshiro256(seed: seed)
        let a = (0..<(contexts * rank)).map { _ in rng.nextGaussian() }, c = (0..<(classes * rank)).map { _ in rng.nextGaussian() }
        let b = (0..<classes).map { _ in rng.nextGaussian() }
        var target: [Double] = []
        for r in 0..<contexts {
            let z = (0..<classes).map { y in b[y] + (0..<rank).reduce(0.0) { $0 + a[r * rank + $1] * c[y * rank + $1] } }
            let top = z.max()!, e = z.map { exp($0 - top) }, s = e.reduce(0, +)
            target += e.map { $0 / s }
        }
        return (target, [Double](repeating: 1 / Double(contexts), count: contexts))
    }

    @Test(arguments: [(5, 7, 3), (9, 4, 1), (3, 11, 5)])
    func gradientMatchesCentralDifferences(shape: (contexts: Int, classes: Int, width: Int)) {
        let law = Self.randomLaw(contexts: shape.contexts, classes: shape.classes, scale: 1.5, seed: 3)
        let f = LogBilinearPopulationLoss(target: law.target, weights: law.weights, classes: shape.classes, width: shape.width)
        var rng = Xoshiro256(seed: 4)
        let x = (0..<f.parameterCount).map { _ in 0.7 * rng.nextGaussian() }
        let scales = f.scales
        let u = zip(x, scales).map { $0 / $1 }
        let (_, g) = f.evaluate(x), (_, gu) = f.evaluate(scaled: u, scales: scales)
        let h = 1e-5
        var worst = 0.0, worstScaled = 0.0
        for i in 0..<x.count {
            var xp = x, xm = x
            xp[i] += h; xm[i] -= h
            let fd = (f.evaluate(xp).value - f.evaluate(xm).value) / (2 * h)
            worst = max(worst, abs(fd - g[i]) / max(1e-3, abs(fd)))
            var up = u, um = u
            up[i] += h; um[i] -= h
            let fdu = (f.evaluate(scaled: up, scales: scales).value - f.evaluate(scaled: um, scales: scales).value) / (2 * h)
            worstScaled = max(worstScaled, abs(fdu - gu[i]) / max(1e-3, abs(fdu)))
        }
        #expect(worst < 1e-6, "largest relative gradient error \(worst)")
        #expect(worstScaled < 1e-6, "largest relative gradient error in scaled coordinates \(worstScaled)")
    }

    /// The value is the weighted cross-entropy itself: at x = 0 every row is uniform, so it is ln(classes).
    @Test func valueAtZeroIsLogClasses() {
        let law = Self.randomLaw(contexts: 6, classes: 13, scale: 2, seed: 5)
        let f = LogBilinearPopulationLoss(target: law.target, weights: law.weights, classes: 13, width: 2)
        let v = f.evaluate([Double](repeating: 0, count: f.parameterCount)).value
        #expect(abs(v - log(13.0)) < 1e-12)
        #expect(f.floor < v)
    }

    /// A rank-2 law: width 1 stays clearly above the floor, width 2 reaches it, width 3 changes nothing.
    @Test func plantedRankIsWhereTheExcessVanishes() {
        let law = Self.plantedLaw(contexts: 24, classes: 20, rank: 2, seed: 6)
        let points = WidthLimitedLoss.ladder(target: law.target, weights: law.weights, classes: 20, widths: [1, 2, 3], seed: 1,
                                             options: LBFGS.Options(maxIterations: 3000, relativeDecreaseTolerance: 1e-14))
        #expect(points.map(\.width) == [1, 2, 3])
        #expect(points[0].excess > 0.05, "width 1 cannot hold a rank-2 law: excess \(points[0].excess)")
        #expect(points[1].excess < 1e-4, "width 2 holds it: excess \(points[1].excess)")
        #expect(points[2].excess < 1e-4, "width 3: excess \(points[2].excess)")
        // Warm starts make the ladder fall (within the solver's tolerance).
        #expect(points[1].loss <= points[0].loss + 1e-9 && points[2].loss <= points[1].loss + 1e-6)
    }

    /// The sharpness is an eigenvalue (small residual) and the largest: no direction's curvature,
    /// from a dense finite-difference Hessian, exceeds it.
    @Test func sharpnessIsTheTopEigenvalue() {
        let law = Self.randomLaw(contexts: 6, classes: 5, scale: 1.5, seed: 8)
        let f = LogBilinearPopulationLoss(target: law.target, weights: law.weights, classes: 5, width: 2)
        var start = Xoshiro256(seed: 10)
        let x = LBFGS(options: LBFGS.Options(maxIterations: 2000, relativeDecreaseTolerance: 1e-14))
            .minimize(from: (0..<f.parameterCount).map { _ in 0.3 * start.nextGaussian() }, f.evaluate).x
        let (lambda, residual) = WidthLimitedLoss.sharpness(of: f, at: x, iterations: 300)
        #expect(lambda > 0)
        #expect(residual < 1e-3, "not an eigenpair: residual \(residual)")
        let n = x.count, h = 1e-5
        var hessian = [Double](repeating: 0, count: n * n)
        for j in 0..<n {
            var xp = x, xm = x
            xp[j] += h; xm[j] -= h
            let gp = f.evaluate(xp).gradient, gm = f.evaluate(xm).gradient
            for i in 0..<n { hessian[i * n + j] = (gp[i] - gm[i]) / (2 * h) }
        }
        var rng = Xoshiro256(seed: 9)
        var largest = -Double.infinity
        for _ in 0..<200 {
            var u = (0..<n).map { _ in rng.nextGaussian() }
            let norm = u.reduce(0) { $0 + $1 * $1 }.squareRoot()
            u = u.map { $0 / norm }
            var q = 0.0
            for i in 0..<n { for j in 0..<n { q += u[i] * 0.5 * (hessian[i * n + j] + hessian[j * n + i]) * u[j] } }
            largest = max(largest, q)
        }
        #expect(largest <= lambda * (1 + 1e-4), "a direction curves more (\(largest)) than the sharpness \(lambda)")
        #expect(largest > 0.05 * lambda, "random directions see some of it: \(largest) vs \(lambda)")
    }

    @Test func localExponentsOfAPlantedPowerLaw() {
        let pts = [1, 2, 4, 16].map { WidthLimitedLoss.Point(width: $0, loss: 0, excess: 3 * pow(Double($0), -0.4), iterations: 0, converged: true) }
        let a = WidthLimitedLoss.localExponents(pts)
        #expect(a.count == 3)
        for e in a { #expect(abs(e! - 0.4) < 1e-12) }
        let flat = [WidthLimitedLoss.Point(width: 1, loss: 0, excess: 0, iterations: 0, converged: true), pts[1]]
        #expect(WidthLimitedLoss.localExponents(flat) == [nil])
    }
}
