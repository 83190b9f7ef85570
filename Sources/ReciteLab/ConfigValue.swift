// A generic configuration tree: what a YAML experiment file holds before it is typed. Overrides,
// grid expansion and run keys work on this tree, so they apply to every field alike.
import Foundation
import Yams

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

    /// Converts what Yams produces (native Bool, Int, Double, String, arrays, mappings).
    public init(any value: Any?) throws {
        switch value {
        case nil, is NSNull: self = .null
        case let b as Bool: self = .bool(b)
        case let i as Int: self = .int(i)
        case let d as Double: self = .double(d)
        case let s as String: self = .string(s)
        case let f as Float: self = .double(Double(f))
        case let a as [Any]: self = .list(try a.map { try ConfigValue(any: $0) })
        case let m as [String: Any]: self = .map(try m.mapValues { try ConfigValue(any: $0) })
        case let m as [AnyHashable: Any]:
            var out: [String: ConfigValue] = [:]
            for (k, v) in m { out["\(k)"] = try ConfigValue(any: v) }
            self = .map(out)
        default: throw LabError.unreadable(file: "?", reason: "unsupported value \(String(describing: value))")
        }
    }

    /// Parses YAML text (a whole file, or one `--set` value).
    public static func parseYAML(_ text: String) throws -> ConfigValue {
        try ConfigValue(any: try Yams.load(yaml: text))
    }

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
        case let .double(d): return "\(d)"
        case let .string(s): return "'\(s)'"
        case let .list(a): return "[" + a.map(\.description).joined(separator: ", ") + "]"
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
