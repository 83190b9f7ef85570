// Every registered figure on rows of a known shape: claims with unique, prefixed ids; a chart that
// is a complete SVG; agreement where a published curve exists. Then each figure's own checks.
import Foundation
import ReciteAnalysis
import ReciteFigures
import ReciteLab
import ReciteReport
import Testing

@Suite("Figures on rows of known shape", .serialized)
struct FigureTests {
    static let reported = repositoryRoot + "/results/reported"

    @Test("claims: non-empty, ids unique and prefixed by the figure; chart: a complete SVG", arguments: FigureRegistry.ids)
    func everyFigure(id: String) throws {
        let figure = try Fixtures.figure(id)
        let rows = Fixtures.rows(for: id)
        let claims = figure.claims(rows)
        #expect(!claims.isEmpty)
        #expect(Set(claims.map(\.id)).count == claims.count, "duplicate ids: \(claims.map(\.id))")
        for c in claims {
            #expect(c.id.hasPrefix(id + "."), "\(c.id)")
            #expect(c.figure == id)
            #expect(!c.id.contains(" "))
        }
        let svg = try figure.svg(rows, reportedDirectory: Self.reported)
        #expect(svg.hasPrefix("<svg") && svg.hasSuffix("</svg>\n") || svg.hasSuffix("</svg>"), "\(id): \(svg.suffix(40))")
        #expect(!figure.curves(rows).isEmpty)
        // No rows: failing claims (never an empty, vacuously passing list) and no crash drawing.
        let none = figure.claims([])
        #expect(!none.isEmpty && none.contains { !$0.passed }, "\(id): \(none.map(\.id))")
        _ = figure.svg([], reported: [])
    }

    @Test("published readings: present ones load, an absent file draws without them, a malformed one is an error naming it")
    func reportedReadingsAreNeverDroppedSilently() throws {
        let figure = try Fixtures.figure("recitation-mc")
        #expect(!(try figure.reportedSeries(directory: Self.reported)).isEmpty)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("reported-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        #expect(try figure.reportedSeries(directory: dir).isEmpty)
        let rows = Fixtures.rows(for: "recitation-mc")
        #expect(try figure.svg(rows, reportedDirectory: dir).hasPrefix("<svg"))
        try "figure,series,x,y\n1,2,3\n".write(toFile: dir + "/recitation-mc.csv", atomically: true, encoding: .utf8)
        do {
            _ = try figure.svg(rows, reportedDirectory: dir)
            Issue.record("a malformed readings file was drawn around")
        } catch {
            #expect("\(error)".contains("recitation-mc.csv"), "\(error)")
        }
    }

    @Test("the planted fixtures pass every claim of the shape figures")
    func fixturesPass() throws {
        for id in ["recitation-mc", "data-constrained", "spacing", "isoflop", "vocab-accuracy"] {
            let claims = try Fixtures.figure(id).claims(Fixtures.rows(for: id))
            for c in claims { #expect(c.passed, "\(c.id): \(c.measured)") }
        }
    }

    // MARK: - Data-constrained

    @Test("data-constrained: curves per budget, the effective-data fit recovers R*, claims fail when repetition is free")
    func dataConstrained() throws {
        let figure = DataConstrainedFigure()
        let rows = Fixtures.dataConstrained()
        let curves = figure.curves(rows)
        #expect(curves.map(\.label) == ["D=100k", "D=400k"])
        #expect(curves[0].x == [1, 2, 4, 8, 16, 32])
        let fit = try #require(figure.fit(rows))
        #expect(abs(fit.0.rStar - 15) < 1.5, "R* = \(fit.0.rStar)")
        #expect(figure.claims(rows).map(\.id) == ["data-constrained.few-repetitions-cheap", "data-constrained.many-repetitions-costly",
                                                  "data-constrained.effective-data-fit"])
        // R* = 1000: repetition costs almost nothing even at R = 32, so the "many cost a lot" claim fails.
        let free = figure.claims(Fixtures.dataConstrained(rStar: 1000))
        #expect(free.first { $0.id == "data-constrained.many-repetitions-costly" }?.passed == false)
        let svg = figure.svg(rows, reported: [])
        #expect(svg.contains("Held-out loss vs recitations at fixed compute") && svg.contains("mc vs recitations at fixed compute"))
        #expect(svg.contains("entropy floor") && svg.contains(">D=400k<"))
        #expect(figure.summary(rows).contains("loss at the end of training"))
        guard case .none = figure.published else { Issue.record("data-constrained commits no readings"); return }
    }

    // MARK: - Spacing

    @Test("spacing: one curve per schedule in schedule order; massed above spaced fails")
    func spacing() {
        let figure = SpacingFigure()
        let curves = figure.curves(Fixtures.spacing())
        #expect(curves.map(\.label) == ["spaced", "massed", "random"])
        #expect(figure.claims(Fixtures.spacing()).allSatisfy { $0.passed })
        let failed = figure.claims(Fixtures.spacing(massedLift: 0.1))
        #expect(failed.map(\.id) == ["spacing.spaced-at-least-massed"] && !failed[0].passed)
        let svg = figure.svg(Fixtures.spacing(), reported: [])
        #expect(svg.contains(">spaced<") && svg.contains(">massed<") && svg.contains(">random<"))
    }

    // MARK: - Scaling figures

    @Test("isoflop: profile claims per world, budget-order agreement with the reported panels, chart panels")
    func isoflop() throws {
        let figure = IsoFLOPFigure(options: Fixtures.scalingOptions)
        let rows = Fixtures.isoflop()
        let ids = figure.claims(rows).map(\.id)
        #expect(ids == ["code", "web"].flatMap { w in ["interior-minima", "falling-minima", "growing-optimal-n", "no-spikes"].map { "isoflop.\($0).\(w)" } }
                + ["isoflop.code-below-web"])
        let reported = try ReportedCurves.load(figure: "isoflop", directory: Self.reported)
        let agreement = figure.agreement(rows, reported: reported)
        #expect(agreement.map(\.what) == ["web ↔ C4 loss: budget order at the smallest model", "web ↔ C4 loss: budget order at the largest model",
                                          "code ↔ GitHub loss: budget order at the smallest model", "code ↔ GitHub loss: budget order at the largest model"])
        // More compute, lower loss, in both the planted law and the readings.
        for a in agreement { #expect(a.value == 1 && a.points == 4, "\(a.what): \(String(describing: a.value))") }
        let svg = figure.svg(rows, reported: reported)
        for title in ["web: held-out loss vs parameters", "code: held-out loss vs parameters", "loss-minimising N vs FLOPs", "loss-minimising tokens vs FLOPs", "C4 loss"] {
            #expect(svg.contains(title), "\(title)")
        }
        #expect(figure.followUp(resultsDirectory: "results/x") == "recite fit results/x")
    }

    @Test("compute-optimal: law claims per world and approach, the planted exponents, chart with the 100× annotation")
    func computeOptimal() throws {
        let figure = ComputeOptimalFigure(options: Fixtures.scalingOptions)
        let rows = Fixtures.isoflop()
        let claims = figure.claims(rows)
        #expect(claims.contains { $0.id == "compute-optimal.approach-2.exponents.web" })
        #expect(claims.allSatisfy { c in [".approach-", ".one-slope.", ".intervals-overlap."].contains { c.id.contains($0) } })
        #expect(!claims.contains { $0.claim.contains("a + b") })
        // The planted law has a = β/(α+β) ≈ 0.51: approach 2's exponent claim holds in both worlds.
        for w in ["web", "code"] { #expect(claims.first { $0.id == "compute-optimal.approach-2.exponents.\(w)" }?.passed == true) }
        // One trajectory per size, from its largest-budget run: 13 sizes, 5 checkpoints each.
        let curves = figure.curves(rows)
        #expect(curves.count == 13 && curves.allSatisfy { $0.x.count == 5 })
        let svg = try figure.svg(rows, reportedDirectory: Self.reported)
        #expect(svg.contains("compute-optimal parameters") && svg.contains("at 100×") && svg.contains("web: loss vs FLOPs by model size"))
        #expect(figure.heading(description: "x") != "x")
    }

    @Test("vocab-accuracy: size order agreement +1 in order and −1 swapped; claims fail when the small model leads")
    func vocabAccuracy() throws {
        let figure = VocabAccuracyFigure()
        let reported = try ReportedCurves.load(figure: "vocab-accuracy", directory: Self.reported)
        let inOrder = figure.agreement(Fixtures.vocabAccuracy(), reported: reported)
        let orders = inOrder.filter { $0.statistic == "Spearman" }
        // The readings cross once: at 100k batches 350M (0.493) is just above 1.3B (0.492).
        #expect(orders.count == 5 && orders.prefix(4).allSatisfy { $0.value == 1 } && orders[4].value == 0.5)
        #expect(inOrder.filter { $0.statistic.hasPrefix("Pearson") }.count == 3)
        let swapped = figure.agreement(Fixtures.vocabAccuracy(swap: true), reported: reported)
        #expect(swapped.filter { $0.statistic == "Spearman" }.map(\.value) == [-1, -1, -1, -1, -0.5])
        let claims = figure.claims(Fixtures.vocabAccuracy(swap: true))
        #expect(claims.first { $0.id == "vocab-accuracy.strict-size-order" }?.passed == false)
        let svg = figure.svg(Fixtures.vocabAccuracy(), reported: reported)
        #expect(svg.contains("next-token top-1 vs training batches") && svg.contains(">N = 69k<"))
    }

    // MARK: - After a sweep

    @Test("FigureCheck writes every figure's claims to claims.json and summarises them")
    func check() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("figcheck-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let rows = Fixtures.spacing(massedLift: 0.1) + [Rows.row(run: "bad", eval: .mc, value: .nan, status: .diverged)]
        let (results, summary) = try FigureCheck.run([SpacingFigure()], rows: rows, directory: dir)
        #expect(results.count == 1 && results[0].failed == 1)
        #expect(summary.contains("FAIL  spacing effect") && summary.contains("1 run(s) diverged"))
        let data = try #require(FileManager.default.contents(atPath: dir + "/claims.json"))
        let claims = try JSONDecoder().decode([ShapeClaim].self, from: data)
        #expect(claims.map(\.id) == ["spacing.spaced-at-least-massed"])
    }
}
