// SVGWriter.swift: a tiny append-only builder of SVG elements.
//
// It knows nothing of charts: it writes lines, paths, rectangles and text with escaped
// attributes, and keeps the element count so chart code stays free of string plumbing.

import Foundation

/// A rectangle in SVG user units (origin top-left, y downwards).
public struct Rect: Sendable, Hashable {
    public var x: Double
    public var y: Double
    public var width: Double
    public var height: Double

    /// Creates a rectangle from its top-left corner and size.
    public init(x: Double, y: Double, width: Double, height: Double) {
        self.x = x
        self.y = y
        self.width = width
        self.height = height
    }

    var maxX: Double { x + width }
    var maxY: Double { y + height }
}

/// Horizontal anchoring of a text element.
enum TextAnchor: String {
    case start, middle, end
}

/// Append-only SVG markup builder.
struct SVGWriter {
    private(set) var body = ""

    // MARK: - Raw

    mutating func raw(_ markup: String) {
        body += markup
        body += "\n"
    }

    /// `name="value"` pairs with escaped values, in the order given (stable output).
    static func attributes(_ pairs: [(String, String)]) -> String {
        pairs.map { " \($0.0)=\"\(XML.escape($0.1))\"" }.joined()
    }

    mutating func element(_ name: String, _ pairs: [(String, String)]) {
        raw("<\(name)\(Self.attributes(pairs))/>")
    }

    mutating func open(_ name: String, _ pairs: [(String, String)] = []) {
        raw("<\(name)\(Self.attributes(pairs))>")
    }

    mutating func close(_ name: String) {
        raw("</\(name)>")
    }

    // MARK: - Shapes

    mutating func line(_ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double,
                       stroke: String, width: Double = 1, dash: String? = nil) {
        var pairs: [(String, String)] = [
            ("x1", XML.number(x1)), ("y1", XML.number(y1)),
            ("x2", XML.number(x2)), ("y2", XML.number(y2)),
            ("stroke", stroke), ("stroke-width", XML.number(width)),
        ]
        if let dash { pairs.append(("stroke-dasharray", dash)) }
        element("line", pairs)
    }

    mutating func rect(_ r: Rect, fill: String, stroke: String? = nil, extra: [(String, String)] = []) {
        var pairs: [(String, String)] = [
            ("x", XML.number(r.x)), ("y", XML.number(r.y)),
            ("width", XML.number(r.width)), ("height", XML.number(r.height)), ("fill", fill),
        ]
        if let stroke { pairs.append(("stroke", stroke)) }
        element("rect", pairs + extra)
    }

    /// An SVG path `d` string through `points` (`M x y L x y …`).
    static func pathData(_ points: [(Double, Double)], closed: Bool = false) -> String {
        var d = ""
        for (i, p) in points.enumerated() {
            d += (i == 0 ? "M" : " L") + XML.number(p.0) + " " + XML.number(p.1)
        }
        return closed ? d + " Z" : d
    }

    /// Text with an optional white halo (drawn under the glyphs) so it stays readable over lines.
    mutating func text(_ content: String, x: Double, y: Double, size: Double = 12,
                       anchor: TextAnchor = .start, weight: String? = nil, fill: String = "#222",
                       rotate: Double? = nil, halo: Bool = false, cssClass: String? = nil) {
        var pairs: [(String, String)] = [
            ("x", XML.number(x)), ("y", XML.number(y)), ("font-size", XML.number(size)),
            ("text-anchor", anchor.rawValue), ("fill", fill),
        ]
        if let weight { pairs.append(("font-weight", weight)) }
        if let rotate {
            pairs.append(("transform", "rotate(\(XML.number(rotate)) \(XML.number(x)) \(XML.number(y)))"))
        }
        if halo {
            pairs += [("stroke", "#ffffff"), ("stroke-width", "3"), ("paint-order", "stroke"),
                      ("stroke-linejoin", "round")]
        }
        if let cssClass { pairs.append(("class", cssClass)) }
        raw("<text\(Self.attributes(pairs))>\(XML.escape(content))</text>")
    }
}

// MARK: - Text metrics

/// Rough text metrics for layout without a font engine. Sans-serif glyphs average a little over
/// half an em; 0.6 em overestimates slightly, which errs towards space rather than overlap.
enum TextMetrics {
    static func width(_ text: String, size: Double) -> Double {
        Double(text.count) * size * 0.6
    }

    /// Greedy word wrap so that no line is wider than `maxWidth` (a word longer than a line
    /// gets a line of its own).
    static func wrap(_ text: String, size: Double, maxWidth: Double) -> [String] {
        let maxChars = max(8, Int(maxWidth / (size * 0.6)))
        var lines: [String] = []
        var current = ""
        for word in text.split(separator: " ", omittingEmptySubsequences: true) {
            if current.isEmpty {
                current = String(word)
            } else if current.count + 1 + word.count <= maxChars {
                current += " " + word
            } else {
                lines.append(current)
                current = String(word)
            }
        }
        if !current.isEmpty { lines.append(current) }
        return lines
    }
}
