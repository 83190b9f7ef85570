// ChromiumTests.swift: what a real browser builds from the report.
//
// Runs scripts/report/dom.sh (headless Chromium, --dump-dom) on a sample page with two figures
// and checks the parsed DOM has every section, SVG and scorecard. Skipped, with a message,
// only when Chromium is not installed; CI installs it.

import Foundation
import Testing
@testable import ReciteReport

enum Chromium {
    /// The first Chromium-like browser on PATH, if any.
    static let path: String? = {
        let dirs = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":")
        for name in ["chromium", "chromium-browser", "google-chrome"] {
            for dir in dirs where FileManager.default.isExecutableFile(atPath: "\(dir)/\(name)") {
                return "\(dir)/\(name)"
            }
        }
        return nil
    }()

    static var isInstalled: Bool { path != nil }

    /// Runs a script from scripts/report with arguments; returns stdout, or throws with stderr.
    static func script(_ name: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = [Fixtures.repositoryRoot + "/scripts/report/" + name] + arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw ScriptFailure(message: "\(name) exited \(process.terminationStatus): " + String(decoding: errData, as: UTF8.self))
        }
        return String(decoding: data, as: UTF8.self)
    }

    struct ScriptFailure: Error, CustomStringConvertible { var message: String; var description: String { message } }
}

@Suite("Report in Chromium")
struct ChromiumTests {
    @Test("Chromium's DOM has every figure section, SVG and scorecard",
          .enabled(if: Chromium.isInstalled, "chromium is not installed (apt-get install -y chromium); skipping the browser check"))
    func dom() throws {
        let page = Fixtures.samplePage()
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("recite-report-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("report.html")
        try page.html().write(to: file, atomically: true, encoding: .utf8)

        let dom = try Chromium.script("dom.sh", [file.path])
        // Split the DOM at section starts; each figure's chunk must hold its SVG and table.
        let chunks = dom.components(separatedBy: "<section class=\"figure\" id=\"").dropFirst()
        #expect(chunks.map { String($0.prefix(while: { $0 != "\"" })) } == page.sections.map(\.htmlID))
        for (chunk, section) in zip(chunks, page.sections) {
            let body = chunk.components(separatedBy: "</section>")[0]
            #expect(body.contains("<svg xmlns=\"http://www.w3.org/2000/svg\""), "\(section.figure): svg")
            #expect(body.contains("class=\"legend-label\""), "\(section.figure): legend text survived parsing")
            #expect(body.contains("<table class=\"scorecard\" id=\"scorecard-\(ReportPage.slug(section.figure))\">"))
            #expect(body.components(separatedBy: "<td class=\"verdict ").count - 1 == section.scorecard.count)
        }
        #expect(dom.contains("The &lt;b&gt;Rec&lt;/b&gt; caveat"))
    }

    @Test("writes the sample page where RECITE_SAMPLE_REPORT says (for render.sh)",
          .enabled(if: ProcessInfo.processInfo.environment["RECITE_SAMPLE_REPORT"] != nil))
    func writeSample() throws {
        let path = try #require(ProcessInfo.processInfo.environment["RECITE_SAMPLE_REPORT"])
        try Fixtures.samplePage().html().write(toFile: path, atomically: true, encoding: .utf8)
        let gallery = path.replacingOccurrences(of: ".html", with: "") + "-gallery.html"
        let page = try Gallery.page()
        try page.html().write(toFile: gallery, atomically: true, encoding: .utf8)
        for section in page.sections {
            try section.svg.write(toFile: path + ".\(section.figure).svg", atomically: true, encoding: .utf8)
        }
        try Fixtures.recChart().svg().write(toFile: path + ".mc.svg", atomically: true, encoding: .utf8)
        let rec = Fixtures.recChart()
        let text = TextChart(title: rec.title, series: rec.series, xAxis: rec.xAxis, yAxis: rec.yAxis)
        try text.render().write(toFile: path + ".txt", atomically: true, encoding: .utf8)
        #expect(FileManager.default.fileExists(atPath: gallery))
    }
}
