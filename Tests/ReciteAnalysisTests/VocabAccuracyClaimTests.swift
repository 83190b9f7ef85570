// The accuracy-vs-batches claims on hand-made curves: a strict size order at every checkpoint, an
// order that inverts at one checkpoint, and the tokens-per-parameter claim on either side of one.
import Testing
@testable import ReciteAnalysis

@Suite struct VocabAccuracyClaimTests {
    static func curve(_ n: Double, _ values: [Double]) -> Curve {
        Curve(series: n, label: "N = \(n)", x: [100, 200, 300, 400, 500], mean: values, spread: values.map { _ in 0.001 },
              count: values.map { _ in 3 })
    }

    @Test func strictOrderPassesAndAnInversionFails() throws {
        let ordered = [Self.curve(1e3, [0.10, 0.12, 0.13, 0.14, 0.15]), Self.curve(3.7e3, [0.11, 0.13, 0.14, 0.15, 0.16]),
                       Self.curve(6.9e3, [0.12, 0.14, 0.15, 0.16, 0.17])]
        let claims = VocabAccuracyClaims.accuracy(ordered, batchSize: 100, figure: "vocab-accuracy")
        let order = try #require(claims.first { $0.claim.contains("strict") })
        #expect(order.passed, "\(order.measured)")
        // The middle size falls below the smallest at the first checkpoint only.
        var inverted = ordered
        inverted[1].mean[0] = 0.095
        let failed = try #require(VocabAccuracyClaims.accuracy(inverted, batchSize: 100, figure: "vocab-accuracy").first { $0.claim.contains("strict") })
        #expect(!failed.passed)
        #expect(failed.measured.hasPrefix("4 of 5"))
        // Equal accuracies are not a strict order.
        var tied = ordered
        tied[2].mean[4] = tied[1].mean[4]
        #expect(!(VocabAccuracyClaims.accuracy(tied, batchSize: 100, figure: "vocab-accuracy").first { $0.claim.contains("strict") }!.passed))
    }

    @Test func tokensPerParameterOfTheLargestModel() throws {
        let sizes = [Self.curve(1e3, [0.1, 0.2, 0.3, 0.4, 0.5]), Self.curve(6.9e4, [0.2, 0.3, 0.4, 0.5, 0.6])]
        // 500 batches × 140 tokens = 70,000 tokens for 69,000 parameters: just over one per parameter.
        let enough = try #require(VocabAccuracyClaims.accuracy(sizes, batchSize: 140, figure: "vocab-accuracy").first { $0.claim.contains("token per parameter") })
        #expect(enough.passed, "\(enough.measured)")
        let short = try #require(VocabAccuracyClaims.accuracy(sizes, batchSize: 130, figure: "vocab-accuracy").first { $0.claim.contains("token per parameter") })
        #expect(!short.passed)
    }
}
