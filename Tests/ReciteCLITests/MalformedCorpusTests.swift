// A generated corpus of malformed experiment files and flags, one case per way a user (or a fault)
// can get it wrong: every case runs `recite run` as a subprocess under a time limit and a memory
// limit, must exit with an error (no signal, no hang), and must name the file or the `--set` flag,
// the field, and say what it expected, in words (no Foundation decoding or Cocoa error text).
import Foundation
import Testing

/// One malformed input: the file's text, extra flags, and what the message must mention.
struct MalformedCase: CustomStringConvertible, Sendable {
    /// `crash`, `silent` or `unclear`: the issue's category for what the input did before.
    var category: String
    var label: String
    var yaml: String?
    var bytes: [UInt8]? = nil
    var flags: [String] = []
    /// Substrings the error must contain (besides the file or flag, checked always).
    var mentions: [String]
    /// Where the blame lies: the file (default) or the `--set` flag.
    var blamesFlag: String? = nil
    var description: String { "\(category)/\(label)" }
}

/// 211-byte-style alias bomb: 9^7 expansions of a few hundred bytes.
let aliasBomb = "a: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
    + "d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n"
    + "g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\n"

let malformedCases: [MalformedCase] = {
    var c: [MalformedCase] = []
    func add(_ cat: String, _ label: String, _ yaml: String, _ mentions: [String], flags: [String] = [], blames: String? = nil) {
        c.append(MalformedCase(category: cat, label: label, yaml: yaml, flags: flags, mentions: mentions, blamesFlag: blames))
    }
    // MARK: crash or hang before
    for (field, value) in [("model.width", "0"), ("model.width", "-1"), ("model.context", "0"), ("training.batch_size", "0"),
                           ("training.batch_size", "-5"), ("data.unique_tokens", "1e12"), ("model.width", "1e9"),
                           ("training.batch_size", "1e9"), ("model.context", "100000"), ("world.background.vocabulary", "1")] {
        let parts = field.split(separator: ".").map(String.init)
        var yaml = "\(parts.last!): \(value)"
        for p in parts.dropLast().reversed() { yaml = "\(p): {\(yaml)}" }
        add("crash", "\(field)=\(value)", yaml + "\n", ["'\(field)'", "expected"])
    }
    add("crash", "alias bomb", aliasBomb, ["aliases"])
    add("crash", "unknown fields as lists", (1...7).map { "field\($0): [1,2,3,4,5,6,7,8,9,10]" }.joined(separator: "\n") + "\n", ["unknown field 'field1'"])
    add("crash", "grid too large", "seed: [\((1...30).map(String.init).joined(separator: ","))]\nmodel: {width: [\((1...30).map(String.init).joined(separator: ","))]}\ndata: {recitations: [\((1...30).map(String.init).joined(separator: ","))]}\n", ["27,000 runs", "10,000"])
    add("crash", "deep flow nesting", String(repeating: "[", count: 50_000) + "\n", ["levels deep"])
    add("crash", "deep block nesting", String(repeating: "- ", count: 50_000) + "x\n", ["levels deep"])
    add("crash", "huge vocabulary x width", "world: {background: {vocabulary: 262144}}\nmodel: {width: 4096}\n", ["'model.width'", "parameters"])
    add("crash", "huge batch logits", "world: {background: {vocabulary: 262144}}\ntraining: {batch_size: 65536}\n", ["'training.batch_size'"])
    add("crash", "facts beyond the vocabulary", "world: {facts: 262144}\n", ["'world.facts'", "262,145"])
    c.append(MalformedCase(category: "crash", label: "--set width=0", yaml: "model: {width: 8}\n", flags: ["--set", "model.width=0"],
                           mentions: ["'model.width'", "expected an integer"], blamesFlag: "--set model.width=0"))
    // MARK: silently accepted before
    add("silent", "name escapes", "name: \"../../x\"\n", ["'name'"])
    add("silent", "name absolute", "name: /tmp/x\n", ["'name'"])
    add("silent", "name hidden", "name: .x\n", ["'name'"])
    add("silent", "name list", "name: [a, b]\n", ["'name'", "not a grid axis"])
    add("silent", "description list", "description: [a, b]\n", ["'description'", "not a grid axis"])
    add("silent", "metrics empty", "evals: {metrics: []}\n", ["'evals.metrics'"])
    add("silent", "mc without facts", "evals: {metrics: [mc]}\n", ["'evals.metrics'", "facts"])
    add("silent", "exact without programs", "evals: {metrics: [loss, exact]}\n", ["'evals.metrics'", "programs"])
    add("silent", "questions 0", "world: {facts: 64, value_count: 16}\nevals: {metrics: [mc], questions: 0}\n", ["'evals.questions'"])
    for v in ["0", "-1"] { add("silent", "held_out_tokens \(v)", "evals: {held_out_tokens: \(v)}\n", ["'evals.held_out_tokens'"]) }
    add("silent", "held_out below one sentence", "evals: {held_out_tokens: 3}\n", ["'evals.held_out_tokens'", "sentence"])
    for v in ["0", "-3"] { add("silent", "checkpoints \(v)", "training: {checkpoints: \(v)}\n", ["'training.checkpoints'"]) }
    for (f, v) in [("learning_rate", "-2"), ("learning_rate", "0"), ("epsilon", "-1"), ("beta2", "2"), ("beta1", "1"), ("momentum", "-0.5"),
                   ("warmup_fraction", "2"), ("final_fraction", "-1"), ("weight_decay", "-1")] {
        add("silent", "\(f)=\(v)", "optimizer: {\(f): \(v)}\n", ["'optimizer.\(f)'"])
    }
    add("silent", "repeated metric", "evals: {metrics: [loss, loss]}\n", ["'evals.metrics'", "repeated"])
    add("silent", "empty grid axis", "seed: []\n", ["'seed'", "empty list"])
    add("silent", "list inside an axis", "model: {width: [[8, 16]]}\n", ["'model.width'"])
    add("silent", "repeated grid value", "seed: [1, 1]\n", ["same run"])
    add("silent", "empty value", "model: {width: }\n", ["'model.width'", "empty value"])
    add("silent", "background fraction", "data: {background_fraction: 1.5}\n", ["'data.background_fraction'"])
    add("silent", "structure 1", "world: {background: {structure: 1}}\n", ["'world.background.structure'"])
    add("silent", "successors beyond vocabulary", "world: {background: {vocabulary: 64, successors: 100}}\n", ["'world.background.successors'"])
    add("silent", "value_count beyond vocabulary", "world: {background: {vocabulary: 64}, facts: 10, value_count: 100}\n", ["'world.value_count'"])
    add("silent", "negative seed", "seed: -1\n", ["'seed'"])
    add("silent", "fixed-compute without tokens", "data: {regime: fixed-compute}\n", ["'data.tokens_trained'"])
    add("silent", "budget too small", "data: {budget_flops: 10}\n", ["'data.budget_flops'"])
    add("silent", "tokens trained too many", "data: {unique_tokens: 100000000, recitations: 100}\n", ["'data.recitations'"])
    add("silent", "duplicate key", "model: {width: 8, width: 16}\n", ["'width'", "duplicated"])
    c.append(MalformedCase(category: "silent", label: "--set width=", yaml: "model: {width: 8}\n", flags: ["--set", "model.width="],
                           mentions: ["no value"], blamesFlag: "--set model.width="))
    c.append(MalformedCase(category: "silent", label: "--set unknown", yaml: "model: {width: 8}\n", flags: ["--set", "model.widht=8"],
                           mentions: ["unknown field 'model.widht'"], blamesFlag: "--set model.widht=8"))
    // MARK: unclear messages before
    for (f, v, found) in [("optimizer.learning_rate", ".nan", ".nan"), ("optimizer.learning_rate", ".inf", ".inf"),
                          ("optimizer.momentum", "-.inf", "-.inf"), ("model.width", "3.5", "3.5"),
                          ("data.unique_tokens", "1e39", "1e+39"), ("optimizer.learning_rate", "1e39", "1e+39"),
                          ("model.bias", "3", "3"), ("model.combine", "mean", "'mean'"), ("model.width", "eight", "'eight'"),
                          ("data", "5", "5"), ("world.background", "webb", "'webb'"), ("world.seed", "1e30", "1e+30")] {
        let parts = f.split(separator: ".").map(String.init)
        var yaml = "\(parts.last!): \(v)"
        for p in parts.dropLast().reversed() { yaml = "\(p): {\(yaml)}" }
        add("unclear", "\(f)=\(v)", yaml + "\n", ["'\(f)'", "expected", "found \(found)"])
    }
    c.append(MalformedCase(category: "unclear", label: "--set .nan", yaml: "model: {width: 8}\n", flags: ["--set", "optimizer.learning_rate=.nan"],
                           mentions: ["'optimizer.learning_rate'", "found .nan"], blamesFlag: "--set optimizer.learning_rate=.nan"))
    c.append(MalformedCase(category: "unclear", label: "--set bad YAML", yaml: "model: {width: 8}\n", flags: ["--set", "seed=[1,2"],
                           mentions: ["not valid YAML", "line"], blamesFlag: "--set seed=[1,2"))
    c.append(MalformedCase(category: "unclear", label: "binary", yaml: nil, bytes: (0..<512).map { UInt8(($0 * 7919) % 256) }, mentions: ["binary"]))
    c.append(MalformedCase(category: "unclear", label: "UTF-16", yaml: nil, bytes: [0xFF, 0xFE] + Array("seed: 1\n".utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }), mentions: ["UTF-16"]))
    c.append(MalformedCase(category: "unclear", label: "UTF-16 without BOM", yaml: nil, bytes: Array("seed: 1\n".utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }), mentions: ["UTF-16"]))
    c.append(MalformedCase(category: "unclear", label: "Latin-1", yaml: nil, bytes: Array("name: caf".utf8) + [0xE9, 0x0A], mentions: ["UTF-8"]))
    add("unclear", "not YAML", "model: [width: 8\n  data: {\n", ["not valid YAML", "line"])
    add("unclear", "top-level list", "- 1\n- 2\n", ["mapping"])
    add("unclear", "non-scalar key", "? [a, b]\n: 1\n", ["key"])
    return c
}()

@Suite struct MalformedCorpusTests {
    /// Runs `recite run FILE` under `ulimit -v` (8 GiB) and a 20 s timeout.
    func attempt(_ c: MalformedCase) throws -> (result: CommandResult, file: String) {
        let dir = scratchDirectory("malformed")
        let file = dir + "/case.yaml"
        if let y = c.yaml { try y.write(toFile: file, atomically: true, encoding: .utf8) } else {
            FileManager.default.createFile(atPath: file, contents: Data(c.bytes ?? []))
        }
        let exe = try recite()
        let quoted = ([exe, "run", file, "--out", dir + "/out"] + c.flags).map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }
        let r = try runRecite(shell: "ulimit -v 8388608; exec " + quoted.joined(separator: " "), timeout: 20)
        return (r, file)
    }

    @Test(arguments: malformedCases)
    func malformedInputFailsCleanlyNamingFileAndField(_ c: MalformedCase) throws {
        let start = Date()
        let (r, file) = try attempt(c)
        #expect(Date().timeIntervalSince(start) < 15, "took too long: \(r.text)")
        #expect(r.status > 0, "must fail with an exit status, not a signal or success: \(r.text)")
        let err = r.stderr
        #expect(err.contains(c.blamesFlag ?? file), "must name \(c.blamesFlag ?? "the file"): \(err)")
        for m in c.mentions { #expect(err.contains(m), "must mention \(m): \(err)") }
        for raw in ["DecodingError", "The given data", "NSCocoaErrorDomain", "Fatal error", "couldn’t", "couldn't", "Swift/", "dataCorrupted"] {
            #expect(!err.contains(raw), "raw error text '\(raw)': \(err)")
        }
        #expect(!FileManager.default.fileExists(atPath: (file as NSString).deletingLastPathComponent + "/out/runs.csv"), "wrote results")
    }

    @Test func corpusCoversEveryCategory() {
        let counts = Dictionary(grouping: malformedCases, by: \.category).mapValues(\.count)
        #expect(counts["crash", default: 0] >= 11 && counts["silent", default: 0] >= 13 && counts["unclear", default: 0] >= 9, "\(counts)")
    }

    @Test func emptyOutIsRejected() throws {
        let r = try runRecite(["run", "experiments/tests/grid.yaml", "--out", ""])
        #expect(r.status != 0 && r.stderr.contains("--out"), "\(r.text)")
    }

    @Test func missingAndDirectoryFilesAreNamed() throws {
        let dir = scratchDirectory("missing")
        let a = try runRecite(["run", dir + "/nope.yaml"])
        #expect(a.status != 0 && a.stderr.contains(dir + "/nope.yaml") && a.stderr.contains("no such file"), "\(a.text)")
        let b = try runRecite(["run", dir])
        #expect(b.status != 0 && b.stderr.contains("is a directory"), "\(b.text)")
    }
}
