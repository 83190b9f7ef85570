// ReportPage.swift: one self-contained HTML page with every figure and its scorecard.
//
// No network, no JavaScript: inline CSS and inline SVG only, so the file can be mailed or
// opened from disk. Sections and tables carry stable ids and classes
// (`section.figure#fig-<figure>`, `table.scorecard#scorecard-<figure>`) for tests and links.

import Foundation

/// One claim checked against a simulated result.
public struct ScorecardRow: Sendable, Hashable {
    /// What the published figure shows, in words ("more recitations score higher at 800B").
    public var claim: String
    /// What the simulation measured, formatted.
    public var measured: String
    /// What counts as reproducing the claim ("> 0", "rank order 1<4<8").
    public var expected: String
    public var passed: Bool

    /// Creates a row.
    public init(claim: String, measured: String, expected: String, passed: Bool) {
        self.claim = claim
        self.measured = measured
        self.expected = expected
        self.passed = passed
    }
}

/// One figure's section of the report.
public struct FigureSection: Sendable, Hashable {
    /// The figure's id (an experiment's `figure:` value); the section's HTML id is `fig-<figure>`.
    public var figure: String
    public var heading: String
    /// A complete `<svg>` document (from `LineChart.svg()` or `FigureGrid.svg()`), inlined.
    public var svg: String
    public var scorecard: [ScorecardRow]
    /// The resolved configuration, shown preformatted.
    public var configuration: String
    /// The shell command that reruns this figure.
    public var command: String
    /// Free notes; blank lines separate paragraphs.
    public var notes: String

    /// Creates a section.
    public init(figure: String, heading: String, svg: String, scorecard: [ScorecardRow] = [],
                configuration: String = "", command: String = "", notes: String = "") {
        self.figure = figure
        self.heading = heading
        self.svg = svg
        self.scorecard = scorecard
        self.configuration = configuration
        self.command = command
        self.notes = notes
    }

    /// The section's HTML id.
    public var htmlID: String { "fig-" + ReportPage.slug(figure) }
}

/// The whole report page.
public struct ReportPage: Sendable, Hashable {
    public var title: String
    /// The paragraph under the title; blank lines separate paragraphs.
    public var intro: String
    public var sections: [FigureSection]
    /// A footer line (versions, date, git commit); empty for none.
    public var footer: String

    /// Creates a page.
    public init(title: String, intro: String = "", sections: [FigureSection] = [], footer: String = "") {
        self.title = title
        self.intro = intro
        self.sections = sections
        self.footer = footer
    }

    /// The page as one HTML5 document.
    public func html() -> String {
        var out = """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(XML.escape(title))</title>
        <style>
        \(Self.css)
        </style>
        </head>
        <body>
        <main>
        <h1>\(XML.escape(title))</h1>

        """
        out += Self.paragraphs(intro, cssClass: "intro")
        out += summary()
        for section in sections { out += render(section) }
        if !footer.isEmpty { out += "<footer>\(XML.escape(footer))</footer>\n" }
        out += "</main>\n</body>\n</html>\n"
        return out
    }

    // MARK: - Pieces

    /// A table of contents with each figure's pass count.
    private func summary() -> String {
        guard !sections.isEmpty else { return "" }
        var out = "<nav class=\"summary\"><ul>\n"
        for s in sections {
            let passed = s.scorecard.filter(\.passed).count
            let state = s.scorecard.isEmpty ? "" : passed == s.scorecard.count ? " pass" : " fail"
            out += "<li><a href=\"#\(s.htmlID)\">\(XML.escape(s.heading))</a> "
            out += "<span class=\"count\(state)\">\(passed)/\(s.scorecard.count) claims</span></li>\n"
        }
        return out + "</ul></nav>\n"
    }

    private func render(_ s: FigureSection) -> String {
        let slug = Self.slug(s.figure)
        var out = "<section class=\"figure\" id=\"\(s.htmlID)\">\n"
        out += "<h2>\(XML.escape(s.heading))</h2>\n"
        out += "<figure class=\"chart\">\n\(s.svg)\n</figure>\n"
        out += "<h3>Scorecard</h3>\n"
        out += "<table class=\"scorecard\" id=\"scorecard-\(slug)\">\n"
        out += "<thead><tr><th>Claim</th><th>Measured</th><th>Expected</th><th>Result</th></tr></thead>\n<tbody>\n"
        for row in s.scorecard {
            let verdict = row.passed ? "pass" : "fail"
            out += "<tr class=\"\(verdict)\"><td>\(XML.escape(row.claim))</td><td>\(XML.escape(row.measured))</td>"
            out += "<td>\(XML.escape(row.expected))</td><td class=\"verdict \(verdict)\">\(verdict.uppercased())</td></tr>\n"
        }
        if s.scorecard.isEmpty { out += "<tr><td colspan=\"4\">No claims checked.</td></tr>\n" }
        out += "</tbody>\n</table>\n"
        if !s.configuration.isEmpty {
            out += "<h3>Configuration</h3>\n<pre class=\"configuration\">\(XML.escape(s.configuration))</pre>\n"
        }
        if !s.command.isEmpty {
            out += "<h3>Rerun</h3>\n<pre class=\"command\"><code>\(XML.escape(s.command))</code></pre>\n"
        }
        if !s.notes.isEmpty {
            out += "<h3>Notes</h3>\n" + Self.paragraphs(s.notes, cssClass: "notes")
        }
        return out + "</section>\n"
    }

    /// Paragraphs split at blank lines, escaped.
    static func paragraphs(_ text: String, cssClass: String) -> String {
        let blocks = text.replacingOccurrences(of: "\r\n", with: "\n")
            .components(separatedBy: "\n\n")
            .map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
            .filter { !$0.isEmpty }
        return blocks.map { "<p class=\"\(cssClass)\">\(XML.escape($0))</p>\n" }.joined()
    }

    /// A figure id reduced to `[a-z0-9-]`, safe in ids and URLs.
    public static func slug(_ text: String) -> String {
        let mapped = text.lowercased().unicodeScalars.map { scalar -> Character in
            (("a"..."z").contains(scalar) || ("0"..."9").contains(scalar)) ? Character(scalar) : "-"
        }
        return String(mapped)
    }

    static let css = """
    body { margin: 0; background: #fafafa; color: #222; font: 15px/1.5 "DejaVu Sans", Helvetica, Arial, sans-serif; }
    main { max-width: 1180px; margin: 0 auto; padding: 24px 28px 48px; background: #fff; }
    h1 { font-size: 26px; margin: 0 0 12px; }
    h2 { font-size: 21px; margin: 0 0 12px; border-bottom: 1px solid #ddd; padding-bottom: 4px; }
    h3 { font-size: 16px; margin: 18px 0 6px; }
    section.figure { margin: 36px 0; }
    figure.chart { margin: 0; overflow-x: auto; }
    figure.chart svg { max-width: 100%; height: auto; border: 1px solid #eee; }
    table.scorecard { border-collapse: collapse; width: 100%; font-size: 14px; }
    table.scorecard th, table.scorecard td { border: 1px solid #ddd; padding: 5px 8px; text-align: left; vertical-align: top; }
    table.scorecard th { background: #f3f3f3; }
    td.verdict { font-weight: bold; text-align: center; width: 5em; }
    td.verdict.pass { background: #e3f4e1; color: #1b6e20; }
    td.verdict.fail { background: #fbe2e0; color: #a3221b; }
    pre { background: #f6f6f6; border: 1px solid #e5e5e5; padding: 8px 10px; overflow-x: auto; font-size: 13px; white-space: pre-wrap; }
    nav.summary ul { padding-left: 20px; }
    span.count { color: #555; font-size: 13px; margin-left: 6px; }
    span.count.pass { color: #1b6e20; }
    span.count.fail { color: #a3221b; }
    footer { margin-top: 40px; color: #777; font-size: 13px; }
    """
}
