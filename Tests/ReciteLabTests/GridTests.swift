// Grid expansion: every list is an axis, the grid is their product in a fixed order, and a field
// whose own type is a list (`evals.metrics`) is an axis only when given a list of lists.
import Foundation
import Testing
@testable import ReciteLab

@Suite struct GridTests {
    @Test func listsBecomeAxesInSortedPathOrder() throws {
        let runs = try loadRuns(tinyYAML.replacingOccurrences(of: "seed: 1", with: "seed: [1, 2, 3]"),
                                overrides: ["data.recitations=[1, 4]"])
        #expect(runs.count == 6)
        // Axes in sorted path order, the first varying slowest: data.recitations outer, seed inner.
        let points = runs.map { [$0.experiment.data.recitations, $0.experiment.seed] }
        #expect(points == [[1, 1], [1, 2], [1, 3], [4, 1], [4, 2], [4, 3]])
        #expect(runs[4].coordinates == ["data.recitations=4", "seed=2"])
        #expect(Set(runs.map(\.key)).count == 6, "every grid point has its own key")
        // The list-typed field given a plain list is one value, not an axis.
        #expect(runs.allSatisfy { $0.experiment.evals.metrics == [.loss, .top1] })
    }

    @Test func listTypedFieldIsAnAxisOnlyAsAListOfLists() throws {
        let plain = try loadRuns(tinyYAML, overrides: ["evals.metrics=[loss, top1]"])
        #expect(plain.count == 1)
        #expect(plain[0].coordinates.isEmpty)

        let grid = try loadRuns(tinyYAML, overrides: ["evals.metrics=[[loss], [loss, top1], [top1]]"])
        #expect(grid.map(\.experiment.evals.metrics) == [[.loss], [.loss, .top1], [.top1]])
        #expect(grid[1].coordinates == ["evals.metrics=[\"loss\",\"top1\"]"])
    }

    @Test func productSizeOfThreeAxes() throws {
        let runs = try loadRuns(tinyYAML, overrides: [
            "seed=[1, 2]", "model.width=[4, 8, 16]", "data.schedule=[spaced, massed, random]",
        ])
        #expect(runs.count == 2 * 3 * 3)
        #expect(Set(runs.map(\.key)).count == 18)
        #expect(runs.first?.coordinates == ["data.schedule=\"spaced\"", "model.width=4", "seed=1"])
        #expect(runs.last?.coordinates == ["data.schedule=\"random\"", "model.width=16", "seed=2"])
    }

    @Test func nestedAndMappingAxes() throws {
        // A list deep inside a mapping, and a list of presets where a mapping is also allowed.
        let vocab = try loadRuns(tinyYAML, overrides: ["world.background.vocabulary=[32, 64]"])
        #expect(vocab.map(\.experiment.world.background.vocabulary) == [32, 64])
        let presets = try loadRuns(tinyYAML, overrides: ["world.background=[web, code]"])
        #expect(presets.map(\.experiment.world.background.successors) == [16, 3])
    }

    @Test func scalarFileIsOneRun() throws {
        let runs = try loadRuns(tinyYAML)
        #expect(runs.count == 1)
        #expect(runs[0].coordinates == [])
        #expect(runs[0].experiment.model.width == 8)
        #expect(runs[0].experiment.data.uniqueTokens == 1000)
    }
}
