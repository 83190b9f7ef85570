// Reading an experiment file: bounded in size, and every way it can be unreadable said plainly
// (missing, a directory, no permission, binary, UTF-16, not UTF-8, not YAML).
import Foundation

extension ExperimentLoader {
    /// Largest experiment file read.
    public static let maxFileBytes = 1 << 20

    /// Reads a YAML experiment file into a tree (a mapping; an empty file is the default experiment).
    public static func readTree(file: String) throws -> ConfigValue {
        let text = try readText(file: file)
        let tree: ConfigValue
        do { tree = try ConfigValue.parseYAML(text) } catch let p as YAMLProblem {
            throw LabError.unreadable(file: file, reason: p.reason)
        }
        if case .null = tree { return .map([:]) }
        guard case .map = tree else {
            throw LabError.unreadable(file: file, reason: "expected a mapping of fields at the top level (name: ..., model: ...), found \(tree)")
        }
        return tree
    }

    /// The file's text, or an error that says why it cannot be read as UTF-8 text.
    static func readText(file: String) throws -> String {
        if file.isEmpty { throw LabError.unreadable(file: "''", reason: "no experiment file given (an empty path)") }
        var st = stat()
        if stat(file, &st) != 0 {
            throw LabError.unreadable(file: file, reason: errno == ENOENT ? "no such file" : "cannot read it: \(String(cString: strerror(errno)))")
        }
        if (st.st_mode & S_IFMT) == S_IFDIR { throw LabError.unreadable(file: file, reason: "is a directory, not an experiment file") }
        if (st.st_mode & S_IFMT) != S_IFREG { throw LabError.unreadable(file: file, reason: "is not a regular file") }
        if Int(st.st_size) > maxFileBytes {
            throw LabError.unreadable(file: file, reason: "is \(st.st_size) bytes; an experiment file is at most \(maxFileBytes) bytes (1 MiB)")
        }
        let fd = open(file, O_RDONLY)
        if fd < 0 { throw LabError.unreadable(file: file, reason: "cannot read it: \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var bytes = [UInt8](repeating: 0, count: maxFileBytes + 1)
        var count = 0
        while count < bytes.count {
            let n = bytes.withUnsafeMutableBytes { read(fd, $0.baseAddress! + count, $0.count - count) }
            if n < 0 { if errno == EINTR { continue }; throw LabError.unreadable(file: file, reason: "cannot read it: \(String(cString: strerror(errno)))") }
            if n == 0 { break }
            count += n
        }
        if count > maxFileBytes { throw LabError.unreadable(file: file, reason: "is larger than \(maxFileBytes) bytes (1 MiB)") }
        var data = Array(bytes[0..<count])
        if data.count >= 2 && ((data[0] == 0xFF && data[1] == 0xFE) || (data[0] == 0xFE && data[1] == 0xFF)) {
            throw LabError.unreadable(file: file, reason: "is UTF-16 text; save it as UTF-8")
        }
        if data.starts(with: [0xEF, 0xBB, 0xBF]) { data.removeFirst(3) }   // a UTF-8 byte-order mark
        if let zero = data.firstIndex(of: 0) {
            // ASCII as UTF-16 without a byte-order mark: every other byte is NUL.
            let sample = Array(data.prefix(64)).enumerated()
            let even = sample.filter { $0.offset % 2 == 0 && $0.element == 0 }.count, odd = sample.filter { $0.offset % 2 == 1 && $0.element == 0 }.count
            let half = min(data.count, 64) / 2
            let utf16 = (even == 0 && odd >= half - 1) || (odd == 0 && even >= half - 1)
            throw LabError.unreadable(file: file, reason: utf16 ? "looks like UTF-16 text (NUL bytes); save it as UTF-8"
                                      : "is a binary file (a NUL byte at offset \(zero)), not YAML text")
        }
        guard let text = String(validating: data, as: UTF8.self) else {
            let bad = firstInvalidUTF8(data)
            throw LabError.unreadable(file: file, reason: "is not UTF-8 text (byte \(String(format: "0x%02X", data[bad])) at offset \(bad)); save it as UTF-8")
        }
        return text
    }

    /// Offset of the first byte that does not continue a valid UTF-8 sequence.
    static func firstInvalidUTF8(_ d: [UInt8]) -> Int {
        var i = 0
        while i < d.count {
            let b = d[i]
            let n = b < 0x80 ? 1 : b >> 5 == 0b110 ? 2 : b >> 4 == 0b1110 ? 3 : b >> 3 == 0b11110 ? 4 : 0
            if n == 0 || i + n > d.count { return i }
            for j in 1..<n where d[i + j] >> 6 != 0b10 { return i }
            if String(validating: d[i..<(i + n)], as: UTF8.self) == nil { return i }
            i += n
        }
        return max(d.count - 1, 0)
    }
}
