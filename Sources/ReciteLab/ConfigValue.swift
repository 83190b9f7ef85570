// A generic configuration tree: what a YAML experiment file holds before it is typed. Overrides,
// grid expansion and run keys work on this tree, so they apply to every field alike.
import Foundation

/// A YAML/JSON value.
public indirect enum ConfigValue: Hashable, Sendable, CustomStringConvertible {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case list([ConfigValue])
    case map([String: ConfigValue])

    // MARK: - Conversion

    /// Canonical JSON: keys sorted, no whitespace. Equal trees give equal text whatever their key order.
    public var canonicalJSON: String {
        switch self {
        case .null: return "null"
        case let .bool(b): return b ? "true" : "false"
        case let .int(i): return String(i)
        case let .double(d):
            if d.isFinite && d == d.rounded() && abs(d) < 1e15 { return String(Int(d)) }
            return "\(d)"
        case let .string(s): return ConfigValue.quote(s)
        case let .list(a): return "[" + a.map(\.canonicalJSON).joined(separator: ",") + "]"
        case let .map(m):
            return "{" + m.keys.sorted().map { ConfigValue.quote($0) + ":" + m[$0]!.canonicalJSON }.joined(separator: ",") + "}"
        }
    }

    static func quote(_ s: String) -> String {
        var out = "\""
        for ch in s.unicodeScalars {
            switch ch {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            default:
                if ch.value < 0x20 { out += String(format: "\\u%04x", ch.value) } else { out.unicodeScalars.append(ch) }
            }
        }
        return out + "\""
    }

    /// A short rendering for error messages.
    public var description: String {
        switch self {
        case .null: return "nothing"
        case let .bool(b): return "\(b)"
        case let .int(i): return "\(i)"
        case let .double(d):
            // YAML's spelling of the non-finite values, as the user wrote them.
            if d.isNaN { return ".nan" }
            if d.isInfinite { return d > 0 ? ".inf" : "-.inf" }
            if d == d.rounded() && abs(d) < 1e15 { return String(Int(d)) }
            return "\(d)"
        case let .string(s): return s.count > 60 ? "'\(s.prefix(57))...'" : "'\(s)'"
        case let .list(a):
            let shown = a.prefix(8).map(\.description).joined(separator: ", ")
            return "[" + shown + (a.count > 8 ? ", ... (\(a.count) values)" : "") + "]"
        case .map: return "a mapping"
        }
    }

    // MARK: - Paths

    /// The value at a dotted path, if any.
    public subscript(path path: [String]) -> ConfigValue? {
        guard let first = path.first else { return self }
        guard case let .map(m) = self, let child = m[first] else { return nil }
        return child[path: Array(path.dropFirst())]
    }

    /// Sets the value at a dotted path, creating mappings on the way.
    public mutating func set(_ value: ConfigValue, at path: [String]) {
        guard let first = path.first else { self = value; return }
        var m: [String: ConfigValue]
        if case let .map(existing) = self { m = existing } else { m = [:] }
        var child = m[first] ?? .map([:])
        child.set(value, at: Array(path.dropFirst()))
        m[first] = child
        self = .map(m)
    }

    /// Removes the value at a path (if present).
    public mutating func remove(at path: [String]) {
        guard let first = path.first, case var .map(m) = self else { return }
        if path.count == 1 { m[first] = nil } else if var child = m[first] { child.remove(at: Array(path.dropFirst())); m[first] = child }
        self = .map(m)
    }
}

// MARK: - Stable hashing

extension ConfigValue {
    /// FNV-1a 64 of the canonical JSON, as 16 hex digits: a run key that is stable across processes,
    /// platforms and key order (Swift's `Hasher` is randomly seeded per process, so it cannot serve).
    public var stableKey: String {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in canonicalJSON.utf8 { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
        let hex = String(h, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
