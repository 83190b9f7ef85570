// Claims: which sweep is training which run, so that sweeps sharing one results directory split
// the work instead of doubling it. A claim is an flock(2) on `runs/<key>.claim`, held by the sweep
// that runs the worker: the kernel drops it when that process exits, however it exits, so a claim
// is never stale. Temp files carry their writer's pid, and only a dead writer's are removed.
import Foundation

/// An exclusive claim on one run; released by `release()` (or by the process exiting).
public final class RunClaim: @unchecked Sendable {
    public let key: String
    let path: String
    private var fd: Int32

    init(key: String, path: String, fd: Int32) { self.key = key; self.path = path; self.fd = fd }

    /// Removes the claim file and drops the lock.
    public func release() {
        guard fd >= 0 else { return }
        unlink(path)
        close(fd)
        fd = -1
    }

    deinit { if fd >= 0 { close(fd) } }
}

extension ResultsStore {
    func claimPath(_ key: String) -> String { "\(runsDirectory)/\(key).claim" }

    /// Claims the run for this process, or nil when another live process holds it.
    public func claim(_ key: String) -> RunClaim? {
        try? AtomicFile.makeDirectories(runsDirectory)
        let path = claimPath(key)
        for _ in 0..<8 {
            let fd = open(path, O_CREAT | O_RDWR | O_CLOEXEC, 0o644)
            if fd < 0 { return nil }
            if flock(fd, LOCK_EX | LOCK_NB) != 0 { close(fd); return nil }
            // The holder may have released (unlinked) the file between our open and our lock: then
            // we hold a lock on a file no one else can find. Start again on the current file.
            var a = stat(), b = stat()
            if fstat(fd, &a) == 0 && stat(path, &b) == 0 && a.st_ino == b.st_ino && a.st_dev == b.st_dev {
                let note = "\(ProcessInfo.processInfo.hostName) \(getpid())\n"
                _ = ftruncate(fd, 0)
                _ = note.withCString { Glibc.write(fd, $0, strlen($0)) }
                return RunClaim(key: key, path: path, fd: fd)
            }
            close(fd)
        }
        return nil
    }

    /// Whether some live process holds the claim on `key`.
    public func isClaimed(_ key: String) -> Bool {
        let fd = open(claimPath(key), O_RDONLY | O_CLOEXEC)
        if fd < 0 { return false }
        defer { close(fd) }
        if flock(fd, LOCK_SH | LOCK_NB) != 0 { return true }
        flock(fd, LOCK_UN)
        return false
    }

    /// Removes what killed sweeps left: temp files of dead processes (on this host) and claim files
    /// no one holds. Safe while other sweeps and their workers run.
    public func cleanStale() {
        for dir in [runsDirectory, directory] {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []
            for n in names where n.hasPrefix(".") && n.hasSuffix(".tmp") {
                if let pid = Self.writerPid(ofTemp: n), Self.isAlive(pid) { continue }
                unlink("\(dir)/\(n)")
            }
            for n in names where n.hasSuffix(".claim") {
                let path = "\(dir)/\(n)"
                let fd = open(path, O_RDWR | O_CLOEXEC)
                if fd < 0 { continue }
                if flock(fd, LOCK_EX | LOCK_NB) == 0 { unlink(path) }
                close(fd)
            }
        }
    }

    /// The pid in `.<name>.<pid>.<random>.tmp`.
    static func writerPid(ofTemp name: String) -> pid_t? {
        let parts = name.split(separator: ".")
        guard parts.count >= 4 else { return nil }
        return pid_t(parts[parts.count - 3])
    }

    static func isAlive(_ pid: pid_t) -> Bool { kill(pid, 0) == 0 || errno == EPERM }
}
