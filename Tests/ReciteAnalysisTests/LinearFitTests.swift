import Foundation
import ReciteCore
import Testing
@testable import ReciteAnalysis

/// Linear least squares and power laws.
@Suite struct LinearFitTests {
    /// Exact data must come back to rounding error.
    static let exactTolerance = 1e-10
    /// With 2% multiplicative noise on 40 points over 4 decades, the exponent's standard error is
    /// about 0.02/(σ_logx·√40) ≈ 0.0027; 0.01 is almost 4 standard errors.
    static let noisyExponentTolerance = 0.01

    @Test func recoversExactLine() throws {
        let x: [Double] = [0, 1, 2, 3, 4]
        let ls = try LinearLeastSquares(columns: [[1, 1, 1, 1, 1], x], response: x.map { 3 - 2 * $0 })
        #expect(abs(ls.coefficients[0] - 3) < LinearFitTests.exactTolerance)
        #expect(abs(ls.coefficients[1] + 2) < LinearFitTests.exactTolerance)
        #expect(abs(ls.rSquared - 1) < LinearFitTests.exactTolerance)
        #expect(ls.rank == 2)
        #expect(ls.residuals.allSatisfy { abs($0) < LinearFitTests.exactTolerance })
    }

    @Test func residualsAndRSquaredOfAKnownProblem() throws {
        // y = (0, 1, 1) on x = (0, 1, 2): slope 0.5, intercept 1/6, SS_res = 1/6, SS_tot = 2/3.
        let ls = try LinearLeastSquares(columns: [[1, 1, 1], [0, 1, 2]], response: [0, 1, 1])
        #expect(abs(ls.coefficients[1] - 0.5) < LinearFitTests.exactTolerance)
        #expect(abs(ls.coefficients[0] - 1.0 / 6) < LinearFitTests.exactTolerance)
        #expect(abs(ls.rSquared - 0.75) < LinearFitTests.exactTolerance)
    }

    @Test func rankDeficientDesignIsReported() throws {
        let ls = try LinearLeastSquares(columns: [[1, 2, 3], [2, 4, 6]], response: [1, 2, 3])
        #expect(ls.rank == 1)
    }

    @Test func powerLawRecoversExactConstants() throws {
        let x = Synthetic.logSpaced(1e3, 1e9, 7)
        let fit = try PowerLawFit(x: x, y: x.map { 3.5 * pow($0, -0.37) })
        #expect(abs(fit.exponent + 0.37) < LinearFitTests.exactTolerance)
        #expect(abs(fit.coefficient / 3.5 - 1) < 1e-8)
        #expect(abs(fit.rSquared - 1) < LinearFitTests.exactTolerance)
        #expect(abs(fit(1e6) - 3.5 * pow(1e6, -0.37)) < 1e-10)
    }

    @Test func powerLawRecoversExponentFromNoisyData() throws {
        var rng = Xoshiro256(seed: 7, stream: 0)
        let x = Synthetic.logSpaced(1e4, 1e8, 40)
        let y = x.map { Synthetic.noisy(0.8 * pow($0, 0.52), sigma: 0.02, &rng) }
        let fit = try PowerLawFit(x: x, y: y)
        print("power law, 2% noise: k = \(fit.exponent) (true 0.52), c = \(fit.coefficient) (true 0.8), R² = \(fit.rSquared)")
        #expect(abs(fit.exponent - 0.52) < LinearFitTests.noisyExponentTolerance)
        #expect(abs(log(fit.coefficient / 0.8)) < 0.2)
        #expect(fit.rSquared > 0.99)
    }

    @Test func powerLawRejectsNonPositiveInput() {
        #expect(throws: AnalysisError.self) { try PowerLawFit(x: [1, 2, 3], y: [1, 0, 2]) }
        #expect(throws: AnalysisError.self) { try PowerLawFit(x: [2, 2], y: [1, 3]) }
    }
}
