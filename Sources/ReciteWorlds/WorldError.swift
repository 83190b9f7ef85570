// Errors a user can act on: which spec, which field, what was expected, what was found.

/// The one error type of `ReciteWorlds`.
///
/// Specs arrive from YAML files written by people, so every check names the field, the range it
/// must lie in and the value it holds, in a sentence that says how to fix it.
public enum WorldError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A field of a spec holds a value outside its allowed range.
    case invalidField(spec: String, field: String, expected: String, found: String)
    /// A `background` preset name that is not one of the known languages.
    case unknownPreset(name: String, known: [String])

    public var description: String {
        switch self {
        case let .invalidField(spec, field, expected, found):
            return "\(spec).\(field): expected \(expected), found \(found)"
        case let .unknownPreset(name, known):
            return "background: unknown language preset '\(name)'; use one of \(known.joined(separator: ", ")) "
                + "or give the fields explicitly"
        }
    }
}

// MARK: - Checking helpers

/// Throws `WorldError.invalidField` unless `condition` holds.
@inline(__always)
func require(
    _ condition: Bool, spec: String, field: String, expected: String, found: @autoclosure () -> String
) throws {
    if !condition {
        throw WorldError.invalidField(spec: spec, field: field, expected: expected, found: found())
    }
}
