// Processes that end together: a worker dies with the sweep that started it (Linux's parent-death
// signal, with a check for a parent that died before the signal was armed), and a sweep notes
// SIGINT, SIGTERM and SIGHUP so that it can stop its workers and release its claims before exiting.
import Foundation

public enum ProcessLifetime {
    /// Environment variable through which a sweep tells its workers its pid.
    public static let parentVariable = "RECITE_SWEEP_PID"

    /// Makes this process receive SIGKILL when its parent exits (Linux), and exits at once if the
    /// sweep named in `RECITE_SWEEP_PID` is already gone.
    public static func dieWithParent() {
        #if os(Linux)
        // prctl is variadic in C, which Swift does not import; its fixed five-argument form is the ABI.
        typealias Prctl = @convention(c) (Int32, UInt, UInt, UInt, UInt) -> Int32
        if let sym = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "prctl") {
            _ = unsafeBitCast(sym, to: Prctl.self)(1 /* PR_SET_PDEATHSIG */, UInt(SIGKILL), 0, 0, 0)
        }
        #endif
        if let text = ProcessInfo.processInfo.environment[parentVariable], let parent = pid_t(text), getppid() != parent {
            exit(1)
        }
    }

    // MARK: - Stop requests

    nonisolated(unsafe) private static var received: Int32 = 0

    /// The signal that asked this process to stop (0: none yet).
    public static var stopSignal: Int32 { received }

    /// Notes SIGINT, SIGTERM and SIGHUP instead of dying at once (see `stopSignal`).
    public static func catchStopSignals() {
        received = 0
        // A parent may have started us with these signals blocked (the mask survives exec), and a
        // blocked signal would wait forever: unblock them on this thread, which polls `stopSignal`.
        var set = sigset_t()
        sigemptyset(&set)
        for s in [SIGINT, SIGTERM, SIGHUP] {
            sigaddset(&set, s)
            signal(s) { ProcessLifetime.received = $0 }
        }
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
    }

    /// Restores the default actions.
    public static func releaseStopSignals() {
        for s in [SIGINT, SIGTERM, SIGHUP] { signal(s, SIG_DFL) }
    }
}

/// A sweep stopped by a signal after stopping its workers; exit with `128 + signal`.
public struct SweepInterrupted: Error, CustomStringConvertible {
    public var signal: Int32
    public var description: String {
        let name = signal == SIGINT ? "SIGINT" : signal == SIGTERM ? "SIGTERM" : signal == SIGHUP ? "SIGHUP" : "signal \(signal)"
        return "stopped by \(name): workers stopped, finished runs kept; run the same command again to resume"
    }
}
