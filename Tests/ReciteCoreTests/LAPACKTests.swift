// Least squares through LAPACKE_dgelsd: exact, noisy and rank-deficient systems.
import Testing
@testable import ReciteCore

@Suite struct LAPACKTests {
    static let exactTolerance = 1e-10

    static func matvec(_ a: [Double], _ m: Int, _ n: Int, _ x: [Double]) -> [Double] {
        (0..<m).map { i in (0..<n).reduce(0) { $0 + a[i * n + $1] * x[$1] } }
    }

    @Test func overdeterminedExact() throws {
        var rng = Xoshiro256(seed: 1)
        let m = 9, n = 4, x: [Double] = [1.5, -2, 0.25, 3]
        let a = (0..<(m * n)).map { _ in rng.nextGaussian() }
        let r = try LAPACK.leastSquares(a: a, rows: m, cols: n, b: Self.matvec(a, m, n, x))
        let err = zip(r.solution, x).map { abs($0 - $1) }.max()!
        print("least squares exact: max error \(err)")
        #expect(err < Self.exactTolerance && r.rank == n)
    }

    /// Noisy right-hand side: the solution must satisfy the normal equations Aᵀ(Ax − b) = 0.
    @Test func overdeterminedNoisySatisfiesNormalEquations() throws {
        var rng = Xoshiro256(seed: 2)
        let m = 40, n = 3
        let a = (0..<(m * n)).map { _ in rng.nextGaussian() }
        let clean = Self.matvec(a, m, n, [2, -1, 0.5])
        var b = [Double](repeating: 0, count: m)
        for i in 0..<m { b[i] = clean[i] + 0.3 * rng.nextGaussian() }
        let r = try LAPACK.leastSquares(a: a, rows: m, cols: n, b: b)
        let fit = Self.matvec(a, m, n, r.solution)
        var grad = [Double](repeating: 0, count: n)
        for i in 0..<m { for j in 0..<n { grad[j] += a[i * n + j] * (fit[i] - b[i]) } }
        let worst = grad.map(abs).max()!
        print("least squares noisy: max |Aᵀr| = \(worst), x = \(r.solution)")
        #expect(worst < 1e-10)
        #expect(abs(r.solution[0] - 2) < 0.3 && abs(r.solution[1] + 1) < 0.3)  // near the truth too
    }

    /// Columns [a, a, c]: rank 2; b = a·2 + c. Every x with x₀ + x₁ = 2, x₂ = 1 fits exactly; the
    /// minimum-norm one is (1, 1, 1).
    @Test func rankDeficientGivesMinimumNorm() throws {
        var rng = Xoshiro256(seed: 3)
        let m = 6
        var a = [Double](repeating: 0, count: m * 3)
        for i in 0..<m { let v = rng.nextGaussian(); a[i * 3] = v; a[i * 3 + 1] = v; a[i * 3 + 2] = rng.nextGaussian() }
        let b: [Double] = (0..<m).map { (i: Int) -> Double in 2 * a[i * 3] + a[i * 3 + 2] }
        let r = try LAPACK.leastSquares(a: a, rows: m, cols: 3, b: b)
        let err = zip(r.solution, [1.0, 1, 1]).map { abs($0 - $1) }.max()!
        print("least squares rank-deficient: rank \(r.rank), max error \(err)")
        #expect(r.rank == 2 && err < Self.exactTolerance)
    }

    @Test func multipleRightHandSides() throws {
        let a: [Double] = [1, 0, 0, 1, 1, 1]  // 3×2
        let b: [Double] = [1, 2, 3, 4, 4, 6]   // 3×2: columns x=(1,3) and (2,4)
        let r = try LAPACK.leastSquares(a: a, rows: 3, cols: 2, b: b, nrhs: 2)
        let expected: [Double] = [1, 2, 3, 4]
        let err = zip(r.solution, expected).map { abs($0 - $1) }.max()!
        #expect(err < Self.exactTolerance, "\(r.solution)")
    }

    @Test func shapeErrors() {
        #expect(throws: LAPACKError.self) { try LAPACK.leastSquares(a: [1, 2], rows: 2, cols: 2, b: [1, 2]) }
        #expect(throws: LAPACKError.self) { try LAPACK.leastSquares(a: [], rows: 0, cols: 2, b: []) }
    }
}
