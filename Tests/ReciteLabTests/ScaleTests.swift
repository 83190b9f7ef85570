// `--scale full`: the file's `scales.full` overrides, checked like `--set` flags; 5 seeds unless
// they name their own; the quick scale unchanged and the run keys untouched by the block.
import Foundation
import ReciteCore
import Testing
@testable import ReciteLab

@Suite struct ScaleTests {
    static func yaml(_ full: String) -> String { tinyYAML + "\nscales:\n  full:\n" + full }

    @Test func fullAppliesTheFileOverridesOnFiveSeeds() throws {
        let file = experimentFile(Self.yaml("    - \"model.width=16\"\n"))
        let overrides = try ExperimentLoader.scaleOverrides(file: file, scale: .full)
        #expect(overrides == ["model.width=16", RunScale.fullSeeds])
        let runs = try ExperimentLoader.load(file: file, overrides: overrides)
        #expect(runs.count == 5)
        #expect(runs.allSatisfy { $0.experiment.model.width == 16 })
        #expect(Set(runs.map(\.experiment.seed)) == [1, 2, 3, 4, 5])
    }

    @Test func fullKeepsTheSeedsTheFileNames() throws {
        let file = experimentFile(Self.yaml("    - \"seed=[7, 8]\"\n"))
        #expect(try ExperimentLoader.scaleOverrides(file: file, scale: .full) == ["seed=[7, 8]"])
    }

    @Test func quickIsTheCommittedFileAndTheBlockLeavesKeysAlone() throws {
        let plain = try loadRuns(tinyYAML)
        let withBlock = try loadRuns(Self.yaml("    - \"model.width=16\"\n"))
        #expect(try ExperimentLoader.scaleOverrides(file: experimentFile(Self.yaml("    - \"model.width=16\"\n")), scale: .quick).isEmpty)
        #expect(plain.map(\.key) == withBlock.map(\.key))
        // No block: full is the committed settings on 5 seeds.
        #expect(try ExperimentLoader.scaleOverrides(file: experimentFile(tinyYAML), scale: .full) == [RunScale.fullSeeds])
    }

    @Test func anEntryThatIsNotAnOverrideNamesTheField() {
        let text = errorText { _ = try ExperimentLoader.scaleOverrides(file: experimentFile(Self.yaml("    - \"width 16\"\n")), scale: .full) }
        #expect(text.contains("scales.full") && text.contains("path=value") && text.contains("width 16"), "\(text)")
    }

    @Test func anOverrideThatDoesNotLoadNamesTheFileAndTheOverride() {
        let file = experimentFile(Self.yaml("    - \"model.width=0\"\n"))
        let text = errorText { _ = try ExperimentLoader.scaleOverrides(file: file, scale: .full) }
        #expect(text.contains(file) && text.contains("scales.full") && text.contains("model.width"), "\(text)")
    }

    @Test func aScalesBlockOfTheWrongShapeIsRejected() {
        let text = errorText { _ = try loadRuns(tinyYAML + "\nscales:\n  full: 3\n") }
        #expect(text.contains("scales.full"), "\(text)")
        let unknown = errorText { _ = try loadRuns(tinyYAML + "\nscales:\n  huge: [\"seed=1\"]\n") }
        #expect(unknown.contains("scales.huge"), "\(unknown)")
    }

    @Test func everyCommittedExperimentLoadsAtFullScale() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
        let dir = root + "/experiments"
        for f in try FileManager.default.contentsOfDirectory(atPath: dir).filter({ $0.hasSuffix(".yaml") }) {
            let file = "\(dir)/\(f)"
            let overrides = try ExperimentLoader.scaleOverrides(file: file, scale: .full)
            #expect(try ExperimentLoader.load(file: file, overrides: overrides).count > 0, "\(f)")
        }
    }
}
