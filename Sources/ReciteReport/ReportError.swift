// ReportError.swift: the errors of this module, each naming the file, what was expected and
// what was found.

import Foundation

/// Errors from reading reported curves.
public enum ReportError: Error, CustomStringConvertible, Equatable {
    /// No file for the figure.
    case missingFile(path: String)
    /// The CSV text is not well formed (e.g. an unterminated quote).
    case malformedCSV(file: String, line: Int, reason: String)
    /// A required column is absent from the header.
    case missingColumn(file: String, column: String)
    /// A row has a different number of fields than the header.
    case wrongFieldCount(file: String, line: Int, expected: Int, found: Int)
    /// A numeric field does not parse.
    case badNumber(file: String, line: Int, column: String, found: String)
    /// A required field is empty.
    case emptyField(file: String, line: Int, column: String)

    public var description: String {
        switch self {
        case .missingFile(let path):
            return "\(path): no such file; expected one CSV of reported curves per figure in results/reported/"
        case .malformedCSV(let file, let line, let reason):
            return "\(file):\(line): malformed CSV: \(reason)"
        case .missingColumn(let file, let column):
            return "\(file): header lacks the column '\(column)'"
        case .wrongFieldCount(let file, let line, let expected, let found):
            return "\(file):\(line): expected \(expected) fields as in the header, found \(found)"
        case .badNumber(let file, let line, let column, let found):
            return "\(file):\(line): column '\(column)' expected a number, found '\(found)'"
        case .emptyField(let file, let line, let column):
            return "\(file):\(line): column '\(column)' is empty; every row needs it"
        }
    }
}
