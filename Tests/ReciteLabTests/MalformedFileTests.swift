// Malformed experiment files: every error names the file, the field and what was expected, so the
// user can fix the file without reading the source.
import Testing
@testable import ReciteLab

@Suite struct MalformedFileTests {
    /// The error text of loading `yaml` from a file, and the file's path.
    func failure(_ yaml: String) -> (message: String, file: String) {
        let file = experimentFile(yaml, name: "malformed.yaml")
        return (errorText { _ = try ExperimentLoader.load(file: file) }, file)
    }

    @Test func wrongTypeNamesFieldExpectedAndFound() {
        let (m, file) = failure("model: {width: eight}\n")
        #expect(m.contains(file), "\(m)")
        #expect(m.contains("'model.width'"), "\(m)")
        #expect(m.contains("expected an integer"), "\(m)")
        #expect(m.contains("'eight'"), "\(m)")
    }

    @Test func mappingExpected() {
        let (m, file) = failure("data: 5\n")
        #expect(m.contains(file) && m.contains("'data'") && m.contains("a mapping"), "\(m)")
    }

    @Test func unknownFieldListsTheKnownOnes() {
        let (m, file) = failure("model: {widht: 8}\n")
        #expect(m.contains(file), "\(m)")
        #expect(m.contains("unknown field 'model.widht'"), "\(m)")
        for known in ["width", "context", "combine", "bias"] { #expect(m.contains(known), "\(known) missing: \(m)") }
    }

    @Test func unknownTopLevelField() {
        let (m, _) = failure("modle: {width: 8}\n")
        #expect(m.contains("unknown field 'modle'"), "\(m)")
        for known in ["model", "data", "world", "seed", "evals"] { #expect(m.contains(known), "\(known) missing: \(m)") }
    }

    @Test func unknownFieldInsideTheWorldsLanguage() {
        let (m, _) = failure("world: {background: {vocab: 64}}\n")
        #expect(m.contains("unknown field 'world.background.vocab'") && m.contains("vocabulary"), "\(m)")
    }

    @Test func familySettingsOutOfRangeNameTheField() {
        let (m, file) = failure("world: {facts: 16, value_count: 16, key_length: 2, key_pool: 8, family_values: 2, family_share: 1.5}\n")
        #expect(m.contains(file) && m.contains("world.family_share") && m.contains("1.5"), "\(m)")
        let (k, _) = failure("world: {facts: 16, value_count: 16, key_length: 1, family_values: 2, family_share: 0.5}\n")
        #expect(k.contains("familyValues") && k.contains("keyLength"), "\(k)")
    }

    @Test func programLengthLawOutOfRangeNamesTheField() {
        // The field rule (type and range) and the world's own check (min ≤ program_length).
        let (m, file) = failure("world: {programs: 8, program_length: 4, program_min_length: 6}\n")
        #expect(m.contains(file) && m.contains("programMinLength") && m.contains("1...4") && m.contains("6"), "\(m)")
        let (e, efile) = failure("world: {programs: 8, program_length: 4, program_min_length: 2, program_length_exponent: -1}\n")
        #expect(e.contains(efile) && e.contains("world.program_length_exponent") && e.contains("-1"), "\(e)")
        let (t, _) = failure("world: {programs: 8, program_min_length: two}\n")
        #expect(t.contains("'world.program_min_length'") && t.contains("an integer") && t.contains("two"), "\(t)")
    }

    @Test func idiomShareOutOfRangeNamesTheField() {
        let (m, file) = failure("world: {programs: 8, program_length: 4, program_idiom_share: 1.5}\n")
        #expect(m.contains(file) && m.contains("world.program_idiom_share") && m.contains("1.5"), "\(m)")
        let (t, _) = failure("world: {programs: 8, program_idiom_share: often}\n")
        #expect(t.contains("world.program_idiom_share") && t.contains("often"), "\(t)")
    }

    @Test func badEnumValueListsTheChoices() {
        let (m, file) = failure("data: {schedule: weekly}\n")
        #expect(m.contains(file), "\(m)")
        #expect(m.contains("'data.schedule'"), "\(m)")
        #expect(m.contains("weekly"), "\(m)")
        for choice in ["spaced", "massed", "random"] { #expect(m.contains(choice), "\(choice) missing: \(m)") }
    }

    @Test func badEnumValueInsideAList() {
        let (m, _) = failure("evals: {metrics: [loss, perplexity]}\n")
        #expect(m.contains("evals.metrics"), "\(m)")
        #expect(m.contains("perplexity"), "\(m)")
        for choice in ["loss", "top1", "mc", "exact"] { #expect(m.contains(choice), "\(choice) missing: \(m)") }
    }

    @Test func unknownLanguagePresetNamesTheFileAndField() {
        let (m, file) = failure("world: {background: webb}\n")
        #expect(m.contains(file), "\(m)")
        #expect(m.contains("world.background"), "\(m)")
        #expect(m.contains("webb") && m.contains("code") && m.contains("web"), "\(m)")
    }

    @Test func errorInOneGridPointNamesTheField() {
        let (m, file) = failure("model: {width: [8, eight]}\n")
        #expect(m.contains(file) && m.contains("'model.width'") && m.contains("'eight'"), "\(m)")
    }

    @Test func unreadableYAMLNamesTheFile() {
        let (m, file) = failure("model: [width: 8\n  data: {\n")
        #expect(m.hasPrefix(file), "\(m)")
        #expect(m.contains("not valid YAML"), "\(m)")
    }

    @Test func topLevelMustBeAMapping() {
        let (m, file) = failure("- 1\n- 2\n")
        #expect(m.contains(file) && m.contains("expected a mapping"), "\(m)")
    }

    @Test func missingFileIsNamed() {
        let path = scratchDirectory() + "/nope.yaml"
        let m = errorText { _ = try ExperimentLoader.load(file: path) }
        #expect(m.contains(path) && m.contains("no such file"), "\(m)")
    }

    @Test func experimentNameMustFitInACSVField() {
        // The name goes into every row of runs.csv, which has no quoting.
        let (m, _) = failure("name: \"fig 3, left\"\n")
        #expect(m.contains("'name'"), "\(m)")
    }

    @Test func emptyFileIsTheDefaultExperiment() throws {
        let runs = try loadRuns("# nothing but a comment\n")
        #expect(runs.count == 1)
        #expect(runs[0].experiment == Experiment())
    }
}
