// Where each part of a configuration came from: the file, or a `--set` flag. Errors blame the
// flag that set the field (or a mapping above it), else the file.

/// An experiment file and the overrides applied to it, in order.
public struct ExperimentSource: Sendable, Hashable {
    public var file: String
    /// `(path, text)` of each `--set path=value`, in the order given.
    public var overrides: [(path: [String], text: String)]

    public init(file: String, overrides: [(path: [String], text: String)] = []) {
        self.file = file; self.overrides = overrides
    }

    /// "x.yaml" or "--set model.width=0" (the last override at, above or below `path`).
    public func origin(of path: [String]) -> String {
        for o in overrides.reversed() {
            let n = min(o.path.count, path.count)
            if Array(o.path.prefix(n)) == Array(path.prefix(n)) { return "--set \(o.text)" }
        }
        return file
    }

    public static func == (a: Self, b: Self) -> Bool {
        a.file == b.file && a.overrides.map(\.text) == b.overrides.map(\.text)
    }
    public func hash(into h: inout Hasher) { h.combine(file); h.combine(overrides.map(\.text)) }
}
