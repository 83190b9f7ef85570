// ReportPageTests.swift: the HTML page has every section and scorecard, escaped.

import Testing
@testable import ReciteReport

@Suite("HTML report")
struct ReportPageTests {
    @Test("every figure gets a section with its SVG, scorecard, configuration and command")
    func sections() {
        let page = Fixtures.samplePage()
        let html = page.html()
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        for (section, id) in zip(page.sections, ["recitation-mc", "compute-optimal"]) {
            #expect(section.htmlID == "fig-\(id)")
            #expect(html.contains("<section class=\"figure\" id=\"fig-\(id)\">"))
            #expect(html.contains("<table class=\"scorecard\" id=\"scorecard-\(id)\">"))
            #expect(html.contains(section.svg))
        }
        #expect(html.components(separatedBy: "<section class=\"figure\"").count == 3)
        #expect(html.components(separatedBy: "<svg ").count == 3)
        #expect(html.contains("recite reproduce --figure compute-optimal"))
        #expect(html.contains("<pre class=\"configuration\">world: knowledge\nrecitations: [1, 4, 8, 16, 32, 64]</pre>"))
    }

    @Test("PASS and FAIL are styled by class, and the summary counts them")
    func verdicts() {
        let html = Fixtures.samplePage().html()
        #expect(html.components(separatedBy: "<td class=\"verdict pass\">PASS</td>").count == 4)
        #expect(html.components(separatedBy: "<td class=\"verdict fail\">FAIL</td>").count == 2)
        #expect(html.contains("<span class=\"count pass\">2/2 claims</span>"))
        #expect(html.contains("<span class=\"count fail\">1/2 claims</span>"))
        #expect(html.contains("td.verdict.fail {"))
    }

    @Test("free text is escaped; no scripts or external resources")
    func escaping() {
        let html = Fixtures.samplePage().html()
        #expect(html.contains("The &lt;b&gt;Rec&lt;/b&gt; caveat &amp; more."))
        #expect(html.contains("<p class=\"notes\">Fit a = 0.5 &lt; 1 &amp; b &gt; 0.</p>"))
        #expect(!html.contains("<script"))
        #expect(!html.contains("http://") || !html.replacingOccurrences(of: "http://www.w3.org/2000/svg", with: "").contains("http://"))
        #expect(!html.contains("https://"))
    }

    @Test("figure ids become safe slugs")
    func slugs() {
        #expect(ReportPage.slug("isoflop") == "isoflop")
        #expect(ReportPage.slug("A b/\"c\"") == "a-b--c-")
    }
}
