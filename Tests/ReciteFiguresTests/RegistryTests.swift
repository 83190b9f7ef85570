// The registry: every experiment file's `figure` resolves to a type, every figure has a published
// curve on disk or says why it has none, and claim ids are unique and prefixed by the figure.
import Foundation
import ReciteAnalysis
import ReciteFigures
import ReciteLab
import ReciteReport
import Testing

/// The repository root (this file is Tests/ReciteFiguresTests/RegistryTests.swift).
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().path

@Suite("Figure registry")
struct RegistryTests {
    static var experiments: String { repositoryRoot + "/experiments" }

    @Test("every experiment file's figure resolves, and every registered figure has an experiment")
    func everyFigureResolves() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.experiments).filter { $0.hasSuffix(".yaml") }
        #expect(!files.isEmpty)
        var named: Set<String> = []
        for name in files {
            let file = Self.experiments + "/" + name
            let figures = try ExperimentCatalog.figures(file: file)
            named.formUnion(figures.map(\.id))
            // The loader reads the same field: the typed experiment names the same figures.
            let runs = try ExperimentLoader.load(file: file)
            #expect(runs.first?.experiment.figure == figures.map(\.id), "\(name)")
        }
        #expect(named == Set(FigureRegistry.ids), "figures with no experiment: \(Set(FigureRegistry.ids).subtracting(named))")
    }

    @Test("ids are unique; each figure has a reported CSV or an explicit 'no published curve'")
    func publishedCurves() throws {
        #expect(Set(FigureRegistry.ids).count == FigureRegistry.ids.count)
        let reported = repositoryRoot + "/results/reported"
        let onDisk = Set(ReportedCurves.available(directory: reported))
        for f in FigureRegistry.all {
            switch f.published {
            case .reported:
                #expect(onDisk.contains(f.id), "\(f.id): no \(f.id).csv in results/reported")
                #expect(!(try ReportedCurves.load(figure: f.id, directory: reported)).isEmpty)
            case let .readingsOf(other):
                #expect(onDisk.contains(other) && !onDisk.contains(f.id), "\(f.id): reads \(other).csv, which must exist (and no \(f.id).csv)")
                #expect(!(try ReportedCurves.load(figure: other, directory: reported)).isEmpty)
            case let .none(why):
                #expect(!onDisk.contains(f.id), "\(f.id) says it has no published curve, but \(f.id).csv exists")
                #expect(why.count > 20, "\(f.id): say why there is no published curve")
            }
        }
        // Every reported CSV belongs to a figure.
        #expect(onDisk.isSubset(of: Set(FigureRegistry.ids)), "\(onDisk.subtracting(FigureRegistry.ids))")
    }

    @Test("an unknown figure is an error naming the file and the known figures")
    func unknownFigure() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("registry-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try "name: x\nfigure: no-such-figure\n".write(toFile: dir + "/x.yaml", atomically: true, encoding: .utf8)
        let error = #expect(throws: LabError.self) { try ExperimentCatalog.entries(in: dir) }
        let text = "\(error.map { String(describing: $0) } ?? "")"
        #expect(text.contains("x.yaml") && text.contains("no-such-figure") && text.contains(FigureRegistry.ids[0]))
    }

    @Test("the published readings come from the results root, else from the checkout beside experiments/")
    func reportedReadingsFallBackToTheCheckout() throws {
        let root = NSTemporaryDirectory() + "recite-reported-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: root) }
        let executable = repositoryRoot + "/.build/release/recite"
        let found = ExperimentCatalog.reportedDirectory(resultsRoot: root, executable: executable)
        #expect(found != root + "/reported" && FileManager.default.fileExists(atPath: found + "/recitation-exact.csv"), "\(found)")
        try FileManager.default.createDirectory(atPath: root + "/reported", withIntermediateDirectories: true)
        #expect(ExperimentCatalog.reportedDirectory(resultsRoot: root, executable: executable) == root + "/reported")
    }
}
