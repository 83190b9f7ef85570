// YAML text to a `ConfigValue`, bounded: a file of a few hundred bytes can ask for billions of
// nodes through aliases (`&a [*b, *b, ...]`), or nest deeply enough to exhaust the stack. Yams
// composes aliases by sharing nodes (linear time); the walk below counts every node it expands and
// stops at `maxNodes`, and a scan before parsing bounds the nesting.
import Foundation
import Yams

/// Why a YAML text was refused, in a user's words (the caller names the file or the `--set` flag).
public struct YAMLProblem: Error, CustomStringConvertible, Sendable {
    public var reason: String
    public var description: String { reason }
}

extension ConfigValue {
    /// Most nodes a file may expand to (aliases counted at every use).
    public static let maxNodes = 200_000
    /// Deepest nesting of lists and mappings.
    public static let maxDepth = 64

    /// Parses YAML text (a whole file, or one `--set` value) with bounded time and memory.
    public static func parseYAML(_ text: String) throws -> ConfigValue {
        try checkNesting(text)
        let node: Node?
        do { node = try Yams.compose(yaml: text) } catch let e as YamlError {
            throw YAMLProblem(reason: "not valid YAML: " + describe(e))
        } catch {
            throw YAMLProblem(reason: "not valid YAML")
        }
        guard let node else { return .null }
        var budget = maxNodes
        return try convert(node, path: [], depth: 0, budget: &budget)
    }

    /// A YAML error as one line: "line 3, column 7: did not find expected ',' or ']'".
    static func describe(_ e: YamlError) -> String {
        switch e {
        case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _), let .composer(context, problem, mark, _):
            let what = [context?.text, problem].compactMap { $0 }.joined(separator: ": ")
            return "line \(mark.line), column \(mark.column): \(what)"
        case let .reader(problem, _, _, _): return problem
        default: return String(describing: e).split(separator: "\n").first.map(String.init) ?? "unreadable"
        }
    }

    /// Refuses flow nesting (`[[[[...`) or compact block nesting (`- - - - x`) deeper than `maxDepth`
    /// before Yams, whose composer recurses once per level, sees it.
    static func checkNesting(_ text: String) throws {
        var depth = 0, quote: UInt8 = 0, comment = false, lineStart = true, dashes = 0
        var previous: UInt8 = 32
        for b in text.utf8 {
            if b == 10 { comment = false; lineStart = true; dashes = 0; previous = b; continue }
            if comment { continue }
            if quote != 0 {
                if b == quote && previous != 92 { quote = 0 }
                previous = b; continue
            }
            switch b {
            case 35 where previous == 32 || previous == 9 || previous == 10 || lineStart: comment = true   // '#'
            case 39, 34: quote = b                                                                        // quotes
            case 91, 123: depth += 1                                                                      // '[' '{'
            case 93, 125: depth = max(depth - 1, 0)
            case 45 where lineStart, 63 where lineStart: dashes += 1                                                    // '-' '?'
            case 32, 9: break
            default: lineStart = false
            }
            if depth > maxDepth || dashes > maxDepth {
                throw YAMLProblem(reason: "nests lists or mappings more than \(maxDepth) levels deep")
            }
            previous = b
        }
    }

    static func convert(_ node: Node, path: [String], depth: Int, budget: inout Int) throws -> ConfigValue {
        budget -= 1
        if budget < 0 {
            throw YAMLProblem(reason: "expands to more than \(maxNodes) values (YAML aliases such as *a count at every use)")
        }
        if depth > maxDepth { throw YAMLProblem(reason: "nests lists or mappings more than \(maxDepth) levels deep") }
        switch node {
        case let .scalar(s): return scalar(node, s)
        case .alias: throw YAMLProblem(reason: "has an unresolved alias")
        case let .sequence(seq):
            var items: [ConfigValue] = []
            for child in seq { items.append(try convert(child, path: path, depth: depth + 1, budget: &budget)) }
            return .list(items)
        case let .mapping(m):
            var out: [String: ConfigValue] = [:]
            for (k, v) in m {
                guard case let .scalar(ks) = k else {
                    throw YAMLProblem(reason: "field \(where_(path)): a key must be a plain name, found a list or mapping")
                }
                let key = ks.string
                if out[key] != nil { throw YAMLProblem(reason: "field '\((path + [key]).joined(separator: "."))' is given twice") }
                out[key] = try convert(v, path: path + [key], depth: depth + 1, budget: &budget)
            }
            return .map(out)
        }
    }

    private static func where_(_ path: [String]) -> String { path.isEmpty ? "at the top level" : "'\(path.joined(separator: "."))'" }

    /// A scalar by its resolved tag: null, bool, int (a whole number too large for Int becomes a
    /// number, so the range check reports it), float (`.nan`, `.inf` included), else a string.
    static func scalar(_ node: Node, _ s: Node.Scalar) -> ConfigValue {
        switch Tag.Name(rawValue: node.tag.rawValue) {
        case .null: return .null
        case .bool: return node.bool.map(ConfigValue.bool) ?? .string(s.string)
        case .int:
            if let i = node.int { return .int(i) }
            return Double(s.string.replacingOccurrences(of: "_", with: "")).map(ConfigValue.double) ?? .string(s.string)
        case .float: return node.float.map(ConfigValue.double) ?? .string(s.string)
        default: return .string(s.string)
        }
    }
}
