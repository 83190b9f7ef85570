// `recite robustness` end to end on a tiny grid: every perturbation runs, every claim gets a share.
import Foundation
import Testing

@Suite("recite robustness", .serialized)
struct RobustnessTests {
    @Test func tinyGridReportsAShareForEveryClaim() throws {
        let out = scratchDirectory("robustness")
        defer { try? FileManager.default.removeItem(atPath: out) }
        let r = try runRecite([
            "robustness", "experiments/recitation-mc.yaml", "--out", out, "--workers", "2", "--threads", "1",
            "--seeds", "301", "--unseen-seeds", "302",
            "--set", "world.facts=256", "--set", "data.unique_tokens=[384,768]", "--set", "evals.questions=200",
        ], timeout: 300)
        #expect(r.status == 0, "\(r.text)")
        // lr ×0.5, ×2, width ×0.5, ×2, facts ×2, one unseen seed.
        #expect(r.stdout.contains("share of 6 perturbations"), "\(r.stdout)")
        let claimLines = r.stdout.split(separator: "\n").filter { $0.contains("%  ") }
        #expect(claimLines.count >= 10, "\(r.stdout)")
        let json = try String(contentsOfFile: out + "/robustness.json", encoding: .utf8)
        for name in ["lr-x0.5", "lr-x2", "width-x0.5", "width-x2", "facts-x2", "seed-302"] {
            #expect(json.contains("\"\(name)\""), "\(name) missing from robustness.json")
            #expect(FileManager.default.fileExists(atPath: "\(out)/\(name)/runs.csv"), "\(name) has no runs.csv")
        }
    }

    /// One worker and no `--threads`: the grid must be keyed with the BLAS threads its runs train
    /// with (cores ÷ workers). Before the fix, on 2 cores the sweep refused to start ("changed while
    /// the sweep was starting") because the grid was loaded with 1 thread and run with 2.
    @Test func oneWorkerWithoutThreadsRuns() throws {
        let out = scratchDirectory("robustness-one-worker")
        defer { try? FileManager.default.removeItem(atPath: out) }
        let r = try runRecite([
            "robustness", "experiments/recitation-mc.yaml", "--out", out, "--workers", "1",
            "--seeds", "301", "--unseen-seeds", "302",
            "--set", "world.facts=256", "--set", "data.unique_tokens=[384]", "--set", "data.recitations=[1, 4]",
            "--set", "evals.questions=100",
        ], timeout: 300)
        #expect(r.status == 0, "\(r.text)")
        #expect(!r.text.contains("changed while the sweep was starting"), "\(r.text)")
        #expect(FileManager.default.fileExists(atPath: "\(out)/seed-302/runs.csv"), "\(r.text)")
    }

    @Test func badSharesAreRejected() throws {
        let r = try runRecite(["robustness", "experiments/recitation-mc.yaml", "--require", "1.5"])
        #expect(r.status != 0)
        #expect(r.stderr.contains("--require expects a share in [0, 1]"), "\(r.text)")
    }
}
