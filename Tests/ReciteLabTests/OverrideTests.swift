// `--set path=value` overrides: nested paths, YAML values (lists make grids), and errors for bad syntax.
import Testing
@testable import ReciteLab

@Suite struct OverrideTests {
    @Test func nestedPathsReplaceAndCreateFields() throws {
        let r = try tinyRun(["model.width=16", "optimizer.kind=adamw", "optimizer.learning_rate=0.01",
                             "training.checkpoint_spacing=log", "data.background_fraction=0.25"])
        #expect(r.experiment.model.width == 16)
        #expect(r.experiment.model.context == 1, "siblings of an overridden field are kept")
        #expect(r.experiment.optimizer.kind == .adamw)
        #expect(r.experiment.optimizer.learningRate == 0.01)
        #expect(r.experiment.training.checkpointSpacing == .log)
        #expect(r.experiment.data.backgroundFraction == 0.25)
        // A field the file does not give at all, two levels down.
        let w = try tinyRun(["world.background.successors=4"])
        #expect(w.experiment.world.background.successors == 4)
        #expect(w.experiment.world.background.vocabulary == 64)
    }

    @Test func laterOverrideWins() throws {
        #expect(try tinyRun(["seed=5", "seed=9"]).experiment.seed == 9)
    }

    @Test func listValueMakesAGrid() throws {
        let runs = try loadRuns(tinyYAML, overrides: ["seed=[7,8,9]"])
        #expect(runs.map(\.experiment.seed) == [7, 8, 9])
    }

    @Test func overrideOfAPresetFieldKeepsThePreset() throws {
        // `background: code` then `--set world.background.vocabulary=64`: a code-like language with
        // 64 tokens, not a web-like one.
        let runs = try loadRuns("world: {background: code}\n", overrides: ["world.background.vocabulary=64"])
        let bg = try #require(runs.first).experiment.world.background
        #expect(bg.vocabulary == 64)
        #expect(bg.successors == 3)
        #expect(bg.structure == 0.95)
    }

    @Test(arguments: [
        ("seed", "expected path=value"),
        ("=3", "empty field path"),
        ("model..width=3", "empty field path"),
        ("seed=[1, 2", "not valid YAML"),
    ])
    func badSyntaxIsAnError(_ text: String, _ reason: String) {
        let message = errorText { _ = try ExperimentLoader.applyOverrides([text], to: .map([:])) }
        #expect(message.contains("--set \(text)"), "the error quotes the override: \(message)")
        #expect(message.contains(reason), "\(message)")
    }

    @Test func unknownFieldInAnOverrideIsAnError() {
        let message = errorText { _ = try tinyRun(["model.widht=8"]) }
        #expect(message.contains("unknown field 'model.widht'"), "\(message)")
        #expect(message.contains("width"), "\(message)")
    }
}
