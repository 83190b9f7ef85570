// XML.swift: escaping of text and attribute values for SVG and HTML output.
//
// Every string a caller hands us (titles, labels, legend names, notes, configuration text) goes
// through `XML.escape` before it reaches markup, so a series named `a<b & "c"` cannot break the
// document. Numbers are formatted here too, with a fixed number of decimals, so output is
// byte-for-byte reproducible across runs.

import Foundation

/// Escaping and number formatting shared by the SVG and HTML writers.
public enum XML {
    /// Escapes `&`, `<`, `>`, `"` and `'` so `text` is safe both as element content and as a
    /// double- or single-quoted attribute value. Control characters other than tab, newline and
    /// carriage return are dropped, because XML 1.0 forbids them.
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
            default:
                if scalar.value < 0x20 || (0x7F..<0xA0).contains(scalar.value) { continue }
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// A coordinate with at most two decimals and no trailing zeros (`12`, `12.5`, `12.25`).
    static func number(_ value: Double) -> String {
        guard value.isFinite else { return "0" }
        let rounded = (value * 100).rounded() / 100
        if rounded == rounded.rounded() && abs(rounded) < 1e15 {
            return String(Int(rounded))
        }
        var text = String(format: "%.2f", rounded)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }
}
