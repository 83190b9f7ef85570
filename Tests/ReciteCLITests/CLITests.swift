// The command line as a user meets it: help, one run, errors with file and field, grids that need
// `sweep`, dry runs and shards. Each test runs the built executable as a subprocess.
import Foundation
import Testing

@Suite struct CLITests {
    @Test func helpListsTheSubcommands() throws {
        let r = try runRecite(["--help"])
        #expect(r.status == 0, "\(r.text)")
        #expect(r.stdout.contains("SUBCOMMANDS:"), "\(r.text)")
        for sub in ["run", "sweep", "merge"] {
            #expect(r.stdout.split(separator: "\n").contains { $0.trimmingCharacters(in: .whitespaces).hasPrefix(sub + " ") },
                    "\(sub) missing from help: \(r.stdout)")
        }
        #expect(!r.stdout.contains("worker "), "worker is internal and hidden: \(r.stdout)")
    }

    @Test func runWritesRunsCSVAndManifest() throws {
        let out = scratchDirectory("run")
        let r = try runRecite(["run", "experiments/example.yaml", "--set", "data.unique_tokens=512", "--set", "data.recitations=8",
                               "--set", "training.checkpoints=1", "--out", out])
        #expect(r.status == 0, "\(r.text)")
        #expect(r.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == out + "/runs.csv")
        let lines = contents(out + "/runs.csv").split(separator: "\n").map(String.init)
        let header = (lines.first ?? "").split(separator: ",").map(String.init)
        for c in ["run", "seed", "world", "params", "unique_tokens", "recitations", "schedule", "regime",
                  "tokens_trained", "flops", "step", "eval", "value"] {
            #expect(header.contains(c), "runs.csv lacks column \(c): \(header)")
        }
        // One checkpoint × three evals (loss, top1, mc), all at D = U·R = 512·8.
        #expect(lines.count == 4, "\(lines)")
        if lines.count == 4, let d = header.firstIndex(of: "tokens_trained"), let e = header.firstIndex(of: "eval"),
           let u = header.firstIndex(of: "unique_tokens") {
            let rows = lines.dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
            #expect(rows.map { $0[e] } == ["loss", "top1", "mc"])
            #expect(rows.allSatisfy { $0[d] == "4096" && $0[u] == "512" })
        }
        let data = try #require(FileManager.default.contents(atPath: out + "/manifest.json"), "no manifest.json")
        let manifest = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        for k in ["spec", "runs", "seeds", "machine", "git_commit", "recite_version", "overrides"] {
            #expect(manifest[k] != nil, "manifest.json lacks \(k)")
        }
        #expect(allFiles(out).allSatisfy { !$0.hasSuffix(".tmp") })
    }

    @Test func malformedFileExitsWithFileAndField() throws {
        let r = try runRecite(["run", "experiments/tests/bad-field.yaml", "--out", scratchDirectory("bad")])
        #expect(r.status != 0, "\(r.text)")
        #expect(r.stderr.contains("experiments/tests/bad-field.yaml"), "\(r.text)")
        #expect(r.stderr.contains("model.width") && r.stderr.contains("an integer"), "\(r.text)")
    }

    @Test func runOnAGridPointsToSweep() throws {
        let out = scratchDirectory("grid-run")
        let r = try runRecite(["run", gridFile, "--out", out])
        #expect(r.status != 0, "\(r.text)")
        #expect(r.stderr.contains("6 runs") && r.stderr.contains("recite sweep"), "\(r.text)")
        #expect(allFiles(out).isEmpty, "nothing is written: \(allFiles(out))")
    }

    /// `recite` stops OpenBLAS's idle worker pool when it starts (`BLAS.useOneThread`); a command
    /// that then asks for two BLAS threads (the bench's two-thread sgemm peak) must get a working
    /// pool back, not a hang or a crash.
    @Test func twoBLASThreadsAfterThePoolWasStopped() throws {
        let r = try runRecite(["bench", "--threads", "2", "--size", "64,8,16", "--seconds", "0.05", "--peak-size", "512", "--json"])
        #expect(r.status == 0, "\(r.text)")
        let line = r.stdout.split(separator: "\n").first.map(String.init) ?? ""
        let json = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
        #expect((json?["threads"] as? Int) == 2, "\(r.text)")
        #expect(((json?["sgemm_peak_gflops"] as? Double) ?? 0) > 0, "\(r.text)")
        #expect(((json?["tokens_per_s"] as? Double) ?? 0) > 0, "\(r.text)")
    }

    @Test func badArgumentsAreRejected() throws {
        let shard = try runRecite(["sweep", gridFile, "--shard", "3/3", "--dry-run"])
        #expect(shard.status != 0 && shard.stderr.contains("--shard"), "\(shard.text)")
        let set = try runRecite(["sweep", gridFile, "--set", "seed", "--dry-run"])
        #expect(set.status != 0 && set.stderr.contains("path=value"), "\(set.text)")
    }

    @Test func dryRunListsTheRuns() throws {
        let out = scratchDirectory("dry")
        let r = try runRecite(["sweep", gridFile, "--dry-run", "--out", out])
        #expect(r.status == 0, "\(r.text)")
        let runs = dryRunKeys(r.stdout)
        #expect(runs.count == 6, "\(r.stdout)")
        #expect(Set(runs.map(\.key)).count == 6)
        #expect(runs.allSatisfy { $0.key.count == 16 && $0.status == "pending" }, "\(r.stdout)")
        #expect(r.stdout.contains("data.recitations=2 seed=3"), "\(r.stdout)")
        #expect(allFiles(out).isEmpty, "a dry run writes nothing: \(allFiles(out))")
        // --set changes the grid, and so the listing.
        let more = try runRecite(["sweep", gridFile, "--dry-run", "--set", "seed=[1,2,3,4]", "--out", out])
        #expect(dryRunKeys(more.stdout).count == 8, "\(more.text)")
    }

    @Test func shardsAreDisjointAndCoverTheGrid() throws {
        let all = Set(dryRunKeys(try runRecite(["sweep", gridFile, "--dry-run"]).stdout).map(\.key))
        #expect(all.count == 6)
        var union: Set<String> = [], total = 0
        for i in 0..<4 {
            let part = dryRunKeys(try runRecite(["sweep", gridFile, "--dry-run", "--shard", "\(i)/4"]).stdout).map(\.key)
            #expect(!part.isEmpty && part.count <= 2, "shard \(i)/4: \(part)")
            #expect(union.isDisjoint(with: part), "shard \(i)/4 repeats runs")
            union.formUnion(part); total += part.count
        }
        #expect(union == all && total == 6)
    }
}

/// `recite width-limit` end to end on a small world: a table per world, a CSV whose excess falls with width.
@Suite struct WidthLimitCLITests {
    @Test func smallWorldsLadder() throws {
        let out = scratchDirectory("width-limit")
        defer { try? FileManager.default.removeItem(atPath: out) }
        let r = try runRecite([
            "width-limit", "--file", "experiments/isoflop.yaml", "--widths", "1,2,4", "--iterations", "200", "--out", out,
            "--set", "world.background=[{vocabulary: 48, name: small}, {vocabulary: 48, successors: 4, name: sharp}]",
            "--set", "data.budget_flops=[3.0e8]", "--set", "model.width=[1, 2]", "--set", "grid.tokens_per_parameter=[0.01, 100000]",
        ], timeout: 300)
        #expect(r.status == 0, "\(r.text)")
        #expect(r.stderr.contains("small (seed 1): entropy floor"), "\(r.text)")
        let csv = try String(contentsOfFile: out + "/width-limit.csv", encoding: .utf8).split(separator: "\n")
        #expect(csv.count == 1 + 2 * 3, "\(csv)")
        let excess = csv.dropFirst().map { Double($0.split(separator: ",")[5])! }
        #expect(excess[0] > excess[1] && excess[1] > excess[2] && excess[2] >= 0, "\(excess)")
        #expect(FileManager.default.fileExists(atPath: out + "/width-limit.svg"))
    }

    @Test func badWidthsAreRejected() throws {
        let r = try runRecite(["width-limit", "--widths", "2,x"])
        #expect(r.status != 0)
        #expect(r.stderr.contains("--widths expects integers"), "\(r.text)")
    }
}

/// `recite sharpness` end to end on a small world: one row per checkpoint, finite η·λ; a grid is refused.
@Suite struct SharpnessCLITests {
    @Test func smallRunTrace() throws {
        let out = scratchDirectory("sharpness")
        defer { try? FileManager.default.removeItem(atPath: out) }
        let r = try runRecite([
            "sharpness", "experiments/isoflop.yaml", "--checkpoints", "4", "--iterations", "20", "--out", out,
            "--set", "world.background={vocabulary: 48, name: small}", "--set", "model.width=2",
            "--set", "data.budget_flops=3.0e7", "--set", "grid.tokens_per_parameter=[0.01, 100000]",
        ], timeout: 300)
        #expect(r.status == 0, "\(r.text)")
        let csv = try String(contentsOfFile: out + "/sharpness.csv", encoding: .utf8).split(separator: "\n")
        #expect(csv.count == 1 + 4, "\(csv)")
        for line in csv.dropFirst() {
            let f = line.split(separator: ",").map { Double($0)! }
            #expect(f[2] > 0 && f[2] < log(48.0) + 1, "loss \(f[2])")
            #expect(f[3] > 0 && f[4].isFinite, "sharpness \(f[3]), η·λ \(f[4])")
        }
    }

    @Test func aGridIsRefused() throws {
        let r = try runRecite(["sharpness", "experiments/isoflop.yaml"])
        #expect(r.status != 0)
        #expect(r.stderr.contains("sharpness needs one run"), "\(r.text)")
    }
}
