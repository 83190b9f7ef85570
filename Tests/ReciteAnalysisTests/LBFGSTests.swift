import Testing
@testable import ReciteAnalysis

/// L-BFGS on standard test functions.
@Suite struct LBFGSTests {
    /// Tolerance on the minimiser of Rosenbrock's function (minimum at (1, 1), value 0).
    static let rosenbrockTolerance = 1e-6

    static func rosenbrock(_ x: [Double]) -> (value: Double, gradient: [Double]) {
        var value = 0.0
        var gradient = [Double](repeating: 0, count: x.count)
        for i in 0..<(x.count - 1) {
            let a = x[i + 1] - x[i] * x[i], b = 1 - x[i]
            value += 100 * a * a + b * b
            gradient[i] += -400 * x[i] * a - 2 * b
            gradient[i + 1] += 200 * a
        }
        return (value, gradient)
    }

    @Test func rosenbrockFromClassicStart() {
        let result = LBFGS().minimize(from: [-1.2, 1], LBFGSTests.rosenbrock)
        print("Rosenbrock 2-D: x = \(result.x), f = \(result.value), iterations = \(result.iterations), evaluations = \(result.evaluations), \(result.termination)")
        #expect(result.converged)
        #expect(abs(result.x[0] - 1) < LBFGSTests.rosenbrockTolerance)
        #expect(abs(result.x[1] - 1) < LBFGSTests.rosenbrockTolerance)
        #expect(result.iterations < 100)
    }

    @Test func rosenbrockTenDimensions() {
        let start = (0..<10).map { $0 % 2 == 0 ? -1.2 : 1.0 }
        let result = LBFGS().minimize(from: start, LBFGSTests.rosenbrock)
        print("Rosenbrock 10-D: f = \(result.value), iterations = \(result.iterations), \(result.termination)")
        #expect(result.converged)
        for xi in result.x { #expect(abs(xi - 1) < LBFGSTests.rosenbrockTolerance) }
    }

    @Test func illConditionedQuadraticReachesGradientTolerance() {
        // f = Σ cᵢ (xᵢ − i)² with curvatures spanning 1e6: exact minimiser xᵢ = i.
        let curvature = [1e-3, 1, 10, 1e3]
        let f: ([Double]) -> (value: Double, gradient: [Double]) = { x in
            var v = 0.0
            var g = [Double](repeating: 0, count: x.count)
            for i in x.indices {
                let r = x[i] - Double(i)
                v += curvature[i] * r * r
                g[i] = 2 * curvature[i] * r
            }
            return (v, g)
        }
        let result = LBFGS(options: .init(gradientTolerance: 1e-12, relativeDecreaseTolerance: 0)).minimize(from: [5, 5, 5, 5], f)
        #expect(result.termination == .gradientTolerance)
        for i in result.x.indices { #expect(abs(result.x[i] - Double(i)) < 1e-6) }
    }

    @Test func twoLoopWithoutHistoryIsSteepestDescent() {
        let d = LBFGS.twoLoop(gradient: [1, -2, 3], s: [], y: [], rho: [])
        #expect(d == [-1, 2, -3])
    }
}
