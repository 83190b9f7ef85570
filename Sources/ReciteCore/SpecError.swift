// The error of a spec whose field is outside its documented range (see `FieldRule`).

/// A field of a model or optimizer spec holds a value outside its range.
public struct SpecError: Error, Equatable, Sendable, CustomStringConvertible {
    public var spec: String
    public var field: String
    public var expected: String
    public var found: String

    public init(spec: String, field: String, expected: String, found: String) {
        self.spec = spec; self.field = field; self.expected = expected; self.found = found
    }

    public var description: String { "\(spec).\(field): expected \(expected), found \(found)" }
}

extension Array where Element == FieldRule {
    /// Throws `SpecError` unless the integer field `name` is inside its rule's range.
    public func check(_ spec: String, _ name: String, integer x: Int) throws {
        if let e = rule(name)?.problem(integer: x) { throw SpecError(spec: spec, field: name, expected: e, found: "\(x)") }
    }

    /// Throws `SpecError` unless the number field `name` is finite and inside its rule's range.
    public func check(_ spec: String, _ name: String, number x: Double) throws {
        if let e = rule(name)?.problem(number: x) { throw SpecError(spec: spec, field: name, expected: e, found: "\(x)") }
    }
}
