// Atomic writes: a temporary file in the same directory, written and flushed, then rename(2). A
// reader sees the old file or the new one, never half of one; a killed process leaves at most a
// stray temp file, named `.<file>.<pid>.<random>.tmp` so that a later sweep can tell whether its
// writer is still alive. A full or read-only disk is an error that says so, in a user's words.
import Foundation

public enum AtomicFile {
    /// Writes `data` to `path` atomically, creating parent directories.
    public static func write(_ data: Data, to path: String) throws {
        let url = URL(fileURLWithPath: path)
        let dir = url.deletingLastPathComponent().path
        try makeDirectories(dir)
        let tmp = "\(dir)/.\(url.lastPathComponent).\(getpid()).\(UInt32.random(in: 0...UInt32.max)).tmp"
        let fd = open(tmp, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0o644)
        if fd < 0 { throw failure(path, "cannot create a file in \(dir)") }
        var ok = false
        defer { if !ok { unlink(tmp) } }
        var written = 0
        let failed: Bool = data.withUnsafeBytes { raw in
            while written < raw.count {
                let n = Glibc.write(fd, raw.baseAddress! + written, raw.count - written)
                if n < 0 { if errno == EINTR { continue }; return true }
                written += n
            }
            return false
        }
        if failed { let e = errno; close(fd); errno = e; throw failure(path, "cannot write") }
        if fsync(fd) != 0 && errno != EINVAL { let e = errno; close(fd); errno = e; throw failure(path, "cannot write") }
        if close(fd) != 0 { throw failure(path, "cannot write") }
        if rename(tmp, path) != 0 { throw failure(path, "cannot move the finished file into place") }
        ok = true
    }

    /// Writes UTF-8 text atomically.
    public static func write(_ text: String, to path: String) throws {
        try write(Data(text.utf8), to: path)
    }

    /// `mkdir -p`, with errors in a user's words.
    public static func makeDirectories(_ dir: String) throws {
        if dir.isEmpty { return }
        var isDir: ObjCBool = false
        if FileManager.default.fileExists(atPath: dir, isDirectory: &isDir) {
            if isDir.boolValue { return }
            throw LabError.results(path: dir, reason: "exists and is not a directory")
        }
        let parent = (dir as NSString).deletingLastPathComponent
        if !parent.isEmpty && parent != dir { try makeDirectories(parent) }
        if mkdir(dir, 0o755) != 0 && errno != EEXIST { throw failure(dir, "cannot create the directory") }
    }

    /// The error for `errno`: "cannot write: the disk is full (No space left on device)".
    static func failure(_ path: String, _ what: String) -> LabError {
        let e = errno
        let why: String
        switch e {
        case ENOSPC: why = "the disk is full"
        case EDQUOT: why = "the disk quota is exhausted"
        case EROFS: why = "the file system is read-only"
        case EACCES, EPERM: why = "permission denied"
        default: why = String(cString: strerror(e))
        }
        return LabError.results(path: path, reason: "\(what): \(why)")
    }
}
