// ReportedFilesTests.swift: results/reported/ has a parseable file per figure, with
// provenance on every row that names a seed description.

import Foundation
import Testing
@testable import ReciteReport

@Suite("Reported curves on disk")
struct ReportedFilesTests {
    static let seedFiles = ["000_2b0e66e48018944a.txt", "001_2b5caac7439e45a4.txt", "002_627024f179c5bc5d.txt",
                            "003_195011e3b44c6607.txt", "004_6da5b686a9676603.txt", "README.md"]

    @Test("every figure has a file that parses, and every row carries provenance", arguments: Fixtures.figureIDs)
    func figureFile(figure: String) throws {
        let series = try ReportedCurves.load(figure: figure, directory: Fixtures.reportedDirectory)
        #expect(!series.isEmpty)
        for s in series {
            #expect(s.figure == figure)
            #expect(!s.points.isEmpty)
            for p in s.points {
                #expect(Self.seedFiles.contains { p.provenance.contains($0) }, "\(figure)/\(s.series): \(p.provenance)")
                #expect(p.provenance.contains("\""), "provenance quotes the description: \(p.provenance)")
            }
        }
    }

    @Test("available lists exactly the CSV files of the directory")
    func available() {
        #expect(ReportedCurves.available(directory: Fixtures.reportedDirectory) == Fixtures.figureIDs.sorted())
        #expect(ReportedCurves.available(directory: "/nonexistent").isEmpty)
    }

    @Test("a missing figure file is a clear error")
    func missing() {
        #expect(throws: ReportError.missingFile(path: "/nonexistent/nope.csv")) {
            try ReportedCurves.load(figure: "nope", directory: "/nonexistent")
        }
    }

    @Test("spot checks against the descriptions")
    func spotChecks() throws {
        let mc = try ReportedCurves.load(figure: "recitation-mc", directory: Fixtures.reportedDirectory)
        #expect(mc.map(\.series) == ["4 Rec", "8 Rec", "16 Rec", "32 Rec", "64 Rec"])
        #expect(mc[0].points.map(\.y) == [33, 45, 43])
        let exact = try ReportedCurves.load(figure: "recitation-exact", directory: Fixtures.reportedDirectory)
        #expect(exact.count == 6 && exact.allSatisfy { $0.points.count == 8 })
        #expect(exact[2].points.map(\.y) == [2, 7, 8, 10.5, 11, 14.5, 15, 11.5])
        let vocab = try ReportedCurves.load(figure: "vocab-accuracy", directory: Fixtures.reportedDirectory)
        #expect(vocab.map(\.panel) == ["40,960 vocab", "40,960 vocab", "40,960 vocab"])
        #expect(vocab[2].points.last?.y == 0.527)
        let co = try ReportedCurves.load(figure: "compute-optimal", directory: Fixtures.reportedDirectory)
        let projection = try #require(co.first { $0.series == "projection (67B)" })
        #expect(projection.points.map(\.x) == [5.76e23] && projection.points.map(\.y) == [6.7e10])
        let iso = try ReportedCurves.load(figure: "isoflop", directory: Fixtures.reportedDirectory)
        #expect(Set(iso.map(\.panel)) == ["C4 loss", "GitHub loss", "C4 tokens", "GitHub tokens"])
    }

    @Test("the README says these are readings, not data, and states the Rec caveat")
    func readme() throws {
        let text = try String(contentsOfFile: Fixtures.reportedDirectory + "/README.md", encoding: .utf8)
        #expect(text.contains("not data"))
        #expect(text.contains("test-time") && text.contains("recurrences"))
        #expect(text.contains("le19") && text.contains("678"))
    }
}
