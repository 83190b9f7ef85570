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

    @Test func badSharesAreRejected() throws {
        let r = try runRecite(["robustness", "experiments/recitation-mc.yaml", "--require", "1.5"])
        #expect(r.status != 0)
        #expect(r.stderr.contains("--require expects a share in [0, 1]"), "\(r.text)")
    }
}
