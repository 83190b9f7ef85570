// ChartStyle.swift: how a series looks: colour, dash pattern, marker, width.

import Foundation

// MARK: - Colour

/// An sRGB colour, written into SVG as `#rrggbb`.
public struct RGBColor: Sendable, Hashable {
    public var red: UInt8
    public var green: UInt8
    public var blue: UInt8

    /// Creates a colour from its three 8-bit channels.
    public init(red: UInt8, green: UInt8, blue: UInt8) {
        self.red = red
        self.green = green
        self.blue = blue
    }

    /// Creates a colour from `0xRRGGBB`.
    public init(hex: UInt32) {
        self.init(red: UInt8((hex >> 16) & 0xFF), green: UInt8((hex >> 8) & 0xFF), blue: UInt8(hex & 0xFF))
    }

    /// The CSS/SVG form, `#rrggbb`.
    public var css: String {
        String(format: "#%02x%02x%02x", red, green, blue)
    }

    /// Linear interpolation between two colours, `t` in 0...1.
    public static func mix(_ a: RGBColor, _ b: RGBColor, _ t: Double) -> RGBColor {
        let t = min(1, max(0, t))
        func channel(_ x: UInt8, _ y: UInt8) -> UInt8 {
            UInt8((Double(x) + (Double(y) - Double(x)) * t).rounded())
        }
        return RGBColor(red: channel(a.red, b.red), green: channel(a.green, b.green),
                        blue: channel(a.blue, b.blue))
    }
}

// MARK: - Dash and marker

/// Line dash pattern; the published Rec figures use all four.
public enum DashPattern: String, Sendable, CaseIterable {
    case solid, dashed, dashDot, dotted

    /// The SVG `stroke-dasharray` for a line of the given width, or nil for solid lines.
    /// Patterns scale with the width so thick and thin lines keep the same look.
    func dashArray(width: Double) -> String? {
        let w = max(1, width)
        switch self {
        case .solid: return nil
        case .dashed: return "\(XML.number(5 * w)) \(XML.number(3 * w))"
        case .dashDot: return "\(XML.number(6 * w)) \(XML.number(2.5 * w)) \(XML.number(1 * w)) \(XML.number(2.5 * w))"
        case .dotted: return "\(XML.number(1 * w)) \(XML.number(2 * w))"
        }
    }
}

/// Marker drawn at every data point.
public enum Marker: String, Sendable, CaseIterable {
    case none, circle, diamond, square
}

// MARK: - Series style

/// The look of one series.
public struct SeriesStyle: Sendable, Hashable {
    public var color: RGBColor
    public var dash: DashPattern
    public var marker: Marker
    /// Stroke width in SVG user units (pixels at 100%).
    public var width: Double
    /// Hollow markers (white fill, coloured outline); used for reported curves.
    public var hollowMarkers: Bool
    /// Stroke opacity, 0...1.
    public var opacity: Double

    /// Creates a style; defaults give a solid 2-px line without markers.
    public init(color: RGBColor, dash: DashPattern = .solid, marker: Marker = .none,
                width: Double = 2, hollowMarkers: Bool = false, opacity: Double = 1) {
        self.color = color
        self.dash = dash
        self.marker = marker
        self.width = width
        self.hollowMarkers = hollowMarkers
        self.opacity = opacity
    }

    /// The same colour and dash, drawn as a *reported* (published) curve: thinner, slightly
    /// faded, with hollow markers (a circle if the style had none), so it reads as distinct from
    /// the simulated curve beside it.
    public var reported: SeriesStyle {
        SeriesStyle(color: color, dash: dash, marker: marker == .none ? .circle : marker,
                    width: max(1, width * 0.6), hollowMarkers: true, opacity: 0.85)
    }
}

// MARK: - Palettes

/// Named colours and styles used by the published figures.
public enum Palette {
    /// Matplotlib's default cycle ("tab10"), which the published Rec figures use.
    public static let blue = RGBColor(hex: 0x1F77B4)
    public static let orange = RGBColor(hex: 0xFF7F0E)
    public static let green = RGBColor(hex: 0x2CA02C)
    public static let red = RGBColor(hex: 0xD62728)
    public static let purple = RGBColor(hex: 0x9467BD)
    public static let brown = RGBColor(hex: 0x8C564B)
    public static let gray = RGBColor(hex: 0x7F7F7F)
    public static let teal = RGBColor(hex: 0x17BECF)
    public static let darkBlue = RGBColor(hex: 0x1F3B73)
    public static let lightBlue = RGBColor(hex: 0x6BAED6)

    /// A categorical cycle for series without a named style.
    public static let categorical: [RGBColor] = [blue, orange, green, red, purple, brown, teal, gray]

    /// The published Rec series and their styles, in legend order:
    /// 1 solid blue, 4 dashed orange, 8 dash-dot green, 16 dotted red, 32 solid purple,
    /// 64 dashed brown.
    public static let rec: [(recitations: Int, style: SeriesStyle)] = [
        (1, SeriesStyle(color: blue, dash: .solid)),
        (4, SeriesStyle(color: orange, dash: .dashed)),
        (8, SeriesStyle(color: green, dash: .dashDot)),
        (16, SeriesStyle(color: red, dash: .dotted)),
        (32, SeriesStyle(color: purple, dash: .solid)),
        (64, SeriesStyle(color: brown, dash: .dashed)),
    ]

    /// The style of the `recitations` Rec series; counts outside the published six cycle
    /// through the categorical colours with a solid line.
    public static func rec(_ recitations: Int) -> SeriesStyle {
        if let entry = rec.first(where: { $0.recitations == recitations }) { return entry.style }
        let index = abs(recitations) % categorical.count
        return SeriesStyle(color: categorical[index])
    }

    /// A sequential colour scale (viridis-like, dark purple → yellow) for ordered series such as
    /// compute budgets or model sizes; `t` in 0...1.
    public static func sequential(_ t: Double) -> RGBColor {
        let stops: [RGBColor] = [
            RGBColor(hex: 0x440154), RGBColor(hex: 0x3B528B), RGBColor(hex: 0x21918C),
            RGBColor(hex: 0x5EC962), RGBColor(hex: 0xE3C51A),
        ]
        let t = min(1, max(0, t.isFinite ? t : 0)) * Double(stops.count - 1)
        let i = min(stops.count - 2, Int(t))
        return RGBColor.mix(stops[i], stops[i + 1], t - Double(i))
    }

    /// `count` evenly spaced colours from `sequential`.
    public static func sequential(count: Int) -> [RGBColor] {
        guard count > 1 else { return count == 1 ? [sequential(0)] : [] }
        return (0..<count).map { sequential(Double($0) / Double(count - 1)) }
    }
}
