import Testing
@testable import ReciteAnalysis

/// Spearman, Pearson and the affine map on hand-computed cases.
@Suite struct ComparisonTests {
    static let tolerance = 1e-12

    @Test func averageRanksWithTies() {
        #expect(Comparison.averageRanks([10, 20, 20, 30]) == [1, 2.5, 2.5, 4])
        #expect(Comparison.averageRanks([3, 1, 3, 3]) == [3, 1, 3, 3])
    }

    @Test func pearsonHandCases() {
        #expect(abs(Comparison.pearson([1, 2, 3], [2, 4, 6])! - 1) < ComparisonTests.tolerance)
        #expect(abs(Comparison.pearson([1, 2, 3], [3, 2, 1])! + 1) < ComparisonTests.tolerance)
        // x = (1,2,3,4), y = (1,3,2,4): Σdxdy = 4, Σdx² = Σdy² = 5 → r = 0.8.
        #expect(abs(Comparison.pearson([1, 2, 3, 4], [1, 3, 2, 4])! - 0.8) < ComparisonTests.tolerance)
        #expect(Comparison.pearson([1, 1, 1], [1, 2, 3]) == nil)
    }

    @Test func spearmanHandCasesWithTies() {
        // Monotone but non-linear: Spearman 1, Pearson below 1.
        let x: [Double] = [1, 2, 3, 4, 5], y = x.map { $0 * $0 * $0 }
        #expect(abs(Comparison.spearman(x, y)! - 1) < ComparisonTests.tolerance)
        #expect(Comparison.pearson(x, y)! < 0.99)
        // Ties: x ranks (1, 2.5, 2.5, 4), y ranks (1, 2, 3, 4): Σd·d′ = 4.5, Σd² = 4.5, Σd′² = 5 → 3/√10.
        let r = Comparison.spearman([1, 2, 2, 3], [10, 20, 30, 40])!
        #expect(abs(r - 4.5 / (4.5 * 5).squareRoot()) < ComparisonTests.tolerance)
        #expect(abs(Comparison.spearman([1, 2, 3, 4], [4, 3, 2, 1])! + 1) < ComparisonTests.tolerance)
    }

    @Test func affineMapRecoversScaleAndShift() {
        let x: [Double] = [0, 1, 2, 3, 4]
        let m = Comparison.affineMap(from: x, to: x.map { 2.5 * $0 - 1 })!
        #expect(abs(m.slope - 2.5) < ComparisonTests.tolerance && abs(m.intercept + 1) < ComparisonTests.tolerance)
        #expect(abs(m.pearsonAfter - 1) < ComparisonTests.tolerance && m.rmse < 1e-12)
        // y = (0, 1, 1) on x = (0, 1, 2): s = 0.5, t = 1/6, rmse = √(1/18), Pearson √0.75.
        let n = Comparison.affineMap(from: [0, 1, 2], to: [0, 1, 1])!
        #expect(abs(n.slope - 0.5) < ComparisonTests.tolerance && abs(n.intercept - 1.0 / 6) < ComparisonTests.tolerance)
        #expect(abs(n.rmse - (1.0 / 18).squareRoot()) < ComparisonTests.tolerance)
        #expect(abs(n.pearsonAfter - 0.75.squareRoot()) < ComparisonTests.tolerance)
        #expect(abs(n.rSquared - 0.75) < ComparisonTests.tolerance)
    }

    @Test func seriesOrderAtOneX() {
        let sim = ["Rec 1": Series(x: [1, 100], y: [3, 2]), "Rec 4": Series(x: [1, 100], y: [3.2, 2.2]),
                   "Rec 64": Series(x: [1, 100], y: [4, 3])]
        let sameOrder = ["Rec 1": Series(x: [1, 100], y: [2, 1]), "Rec 4": Series(x: [1, 100], y: [2.5, 1.5]),
                         "Rec 64": Series(x: [1, 100], y: [3, 2.5]), "Rec 8": Series(x: [1, 100], y: [0, 0])]
        #expect(abs(Comparison.seriesOrderSpearman(simulated: sim, reported: sameOrder, at: 10)! - 1) < ComparisonTests.tolerance)
        let reversed = ["Rec 1": Series(x: [1, 100], y: [3, 3]), "Rec 4": Series(x: [1, 100], y: [2, 2]),
                        "Rec 64": Series(x: [1, 100], y: [1, 1])]
        #expect(abs(Comparison.seriesOrderSpearman(simulated: sim, reported: reversed, at: 10)! + 1) < ComparisonTests.tolerance)
        #expect(Comparison.seriesOrderSpearman(simulated: sim, reported: sameOrder, at: 1000) == nil)
        // Interpolation in log x: halfway between 1 and 100 is 10.
        #expect(abs(Series(x: [1, 100], y: [0, 2]).value(at: 10)! - 1) < ComparisonTests.tolerance)
        #expect(abs(Series(x: [1, 100], y: [0, 2]).value(at: 10, logX: false)! - 18.0 / 99) < ComparisonTests.tolerance)
    }
}
