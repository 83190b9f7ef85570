// The documented ranges: every field an experiment encodes has exactly one rule (so a new field
// without its range fails here), the defaults satisfy them, the committed experiments load, and
// the checks run before the grid is built.
import Foundation
import ReciteCore
import ReciteWorlds
import Testing
@testable import ReciteLab

@Suite struct FieldRuleTests {
    /// Dotted paths of the leaves of an encoded tree (background as its mapping).
    func leaves(_ v: ConfigValue, _ path: [String] = []) -> Set<String> {
        guard case let .map(m) = v else { return [path.joined(separator: ".")] }
        return m.reduce(into: Set<String>()) { $0.formUnion(leaves($1.value, path + [$1.key])) }
    }

    func rulePaths(_ rules: [FieldRule], _ path: [String] = []) -> Set<String> {
        rules.reduce(into: Set<String>()) { out, r in
            switch r.kind {
            case let .section(sub), let .presetOrSection(_, sub): out.formUnion(rulePaths(sub, path + [r.name]))
            default: out.insert((path + [r.name]).joined(separator: "."))
            }
        }
    }

    @Test func everyFieldHasExactlyOneRule() throws {
        // Optional sections (absent by default) are set, so their fields are encoded too; the
        // update fraction, the batch-horizon rule, the held-out estimate, gradient clipping, the
        // two-sided width rule, lazy embeddings, program idioms, text prompts and aliases are left out of the encoding at their defaults (old run
        // keys stay), so set them.
        var e = Experiment()
        e.model.recurrent = RecurrentSpec(updateFraction: 0.5); e.pointerChase = PointerChaseSpec()
        e.training.batchHorizonExponent = 0.5; e.evals.heldOutEstimate = .exact; e.optimizer.clipNorm = 1
        e.optimizer.widthRuleTwoSided = true; e.optimizer.lazyEmbeddings = true; e.world.programIdiomShare = 0.5
        e.world.programPromptsFromText = true; e.world.programAliases = 2
        let encoded = leaves(try ExperimentLoader.encode(e))
        let ruled = rulePaths(Experiment.fieldRules)
        #expect(encoded.subtracting(ruled).isEmpty, "fields without a rule (add a line to the spec's fieldRules): \(encoded.subtracting(ruled).sorted())")
        #expect(ruled.subtracting(encoded).isEmpty, "rules without a field: \(ruled.subtracting(encoded).sorted())")
        func names(_ rules: [FieldRule]) -> [String] { rules.map(\.name) }
        for rules in [Experiment.fieldRules, WorldSpec.fieldRules, LanguageSpec.fieldRules, ModelSpec.fieldRules, OptimizerSpec.fieldRules,
                      DataSpec.fieldRules, TrainingSpec.fieldRules, EvalSpec.fieldRules] {
            #expect(Set(names(rules)).count == rules.count, "a field listed twice: \(names(rules))")
        }
    }

    @Test func defaultsSatisfyTheirRules() throws {
        var e = Experiment()
        e.world.facts = 16; e.world.valueCount = 16
        _ = try ExperimentLoader.check(try ExperimentLoader.encode(e), source: ExperimentSource(file: "defaults"))
        try ModelSpec().validate()
        try OptimizerSpec().validate()
    }

    @Test func committedExperimentsLoad() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
        let dir = root + "/experiments"
        let files = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasSuffix(".yaml") }
        #expect(files.count >= 6)
        for f in files { #expect(throws: Never.self) { _ = try ExperimentLoader.load(file: "\(dir)/\(f)") } }
    }

    @Test func typedValidationMatchesTheRules() {
        var m = ModelSpec(); m.width = 0
        #expect(throws: SpecError.self) { try m.validate() }
        var o = OptimizerSpec(); o.learningRate = -2
        #expect(throws: SpecError.self) { try o.validate() }
        o = OptimizerSpec(); o.beta2 = 2
        #expect(throws: SpecError.self) { try o.validate() }
    }

    @Test func unknownFieldsAreFoundBeforeTheGridIsBuilt() throws {
        // 10^7 grid points if expanded: the unknown field must be reported at once.
        let yaml = (1...7).map { "f\($0): [1,2,3,4,5,6,7,8,9,10]" }.joined(separator: "\n")
        let clock = ContinuousClock(), t0 = clock.now
        let m = errorText { _ = try loadRuns(yaml) }
        #expect(m.contains("unknown field 'f1'"), "\(m)")
        #expect(clock.now - t0 < .seconds(2))
    }

    @Test func gridSizeIsCappedBeforeExpansion() throws {
        let axis = "[" + (1...100).map(String.init).joined(separator: ",") + "]"
        let m = errorText { _ = try loadRuns("seed: \(axis)\nmodel: {width: \(axis)}\ndata: {recitations: \(axis)}\n") }
        #expect(m.contains("1,000,000 runs") && m.contains("10,000"), "\(m)")
        #expect(try loadRuns("seed: \(axis)\nmodel: {width: \(axis)}\n").count == 10_000)
    }

    @Test func overrideErrorsBlameTheFlag() throws {
        let m = errorText { _ = try loadRuns(tinyYAML, overrides: ["training.batch_size=0"]) }
        #expect(m.hasPrefix("--set training.batch_size=0:") && m.contains("'training.batch_size'"), "\(m)")
        let f = errorText { _ = try loadRuns(tinyYAML + "\nseed: -4\n".replacingOccurrences(of: "seed: 1\n", with: "")) }
        #expect(!f.hasPrefix("--set"), "\(f)")
    }

    @Test func wholeNumbersInScientificNotationAreIntegers() throws {
        let r = try loadRuns(tinyYAML.replacingOccurrences(of: "unique_tokens: 1000", with: "unique_tokens: 1e3"))
        #expect(r[0].experiment.data.uniqueTokens == 1000)
        #expect(r[0].key == (try tinyRun()).key)
    }

    @Test func threadCountIsPartOfTheRunKey() throws {
        let one = try loadRuns(tinyYAML)[0], two = try ExperimentLoader.load(file: experimentFile(tinyYAML), threads: 2)[0]
        #expect(one.key != two.key)
        #expect(try ExperimentLoader.load(file: experimentFile(tinyYAML), threads: 1)[0].key == one.key)
        #expect(try ExperimentLoader.load(file: experimentFile(tinyYAML), threads: 2)[0].key == two.key)
    }
}
