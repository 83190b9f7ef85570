// Errors a user can act on: each names the file, the field, what was expected and what was found.

/// Errors from experiment files, sweeps and result stores.
public enum LabError: Error, CustomStringConvertible, Equatable {
    /// A field of an experiment file is malformed.
    case field(file: String, field: String, expected: String, found: String)
    /// A field that no experiment has.
    case unknownField(file: String, field: String, known: [String])
    /// The file could not be read or is not YAML.
    case unreadable(file: String, reason: String)
    /// A `--set path=value` override is malformed.
    case override(String, reason: String)
    /// A results directory is missing or inconsistent.
    case results(path: String, reason: String)
    /// The grid of a file is too large (or otherwise unusable as a whole).
    case grid(file: String, reason: String)

    public var description: String {
        switch self {
        case let .field(file, field, expected, found):
            return "\(file): field '\(field)': expected \(expected), found \(found)"
        case let .unknownField(file, field, known):
            let list = known.isEmpty ? "" : " (known fields here: \(known.joined(separator: ", ")))"
            return "\(file): unknown field '\(field)'\(list)"
        case let .unreadable(file, reason):
            return "\(file): \(reason)"
        case let .override(text, reason):
            return "--set \(text): \(reason)"
        case let .results(path, reason):
            return "\(path): \(reason)"
        case let .grid(file, reason):
            return "\(file): \(reason)"
        }
    }
}
