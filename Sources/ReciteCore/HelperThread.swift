// One persistent helper thread for the two-way split of the softmax rows. DispatchQueue's
// concurrentPerform boxes its closure and allocates inside libdispatch (about five mallocs per
// call, measured with a uprobe on malloc); this hand-off allocates nothing after start-up.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs `job(context)` on a second thread while the caller does its own share, then waits for it.
/// The thread is created on first use and lives for the process. Calls are serialised by the
/// caller (the trainer runs one step at a time); concurrent callers are serialised by `entry`.
final class HelperThread: @unchecked Sendable {
    static let shared = HelperThread()

    private let entry = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let wake = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    private let finished = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    private var pending = false, done = false
    private var job: ((UnsafeRawPointer) -> Void)?
    private var context: UnsafeRawPointer?

    private init() {
        pthread_mutex_init(entry, nil); pthread_mutex_init(mutex, nil)
        pthread_cond_init(wake, nil); pthread_cond_init(finished, nil)
        var thread = pthread_t()
        let me = Unmanaged.passRetained(self).toOpaque()
        let rc = pthread_create(&thread, nil, { raw in
            Unmanaged<HelperThread>.fromOpaque(raw!).takeUnretainedValue().loop()  // never returns
        }, me)
        precondition(rc == 0, "could not start the softmax helper thread (pthread_create: \(rc))")
        pthread_detach(thread)
    }

    private func loop() -> Never {
        while true {
            pthread_mutex_lock(mutex)
            while !pending { pthread_cond_wait(wake, mutex) }
            pending = false
            let j = job!, c = context!
            pthread_mutex_unlock(mutex)
            j(c)
            pthread_mutex_lock(mutex)
            done = true
            pthread_cond_signal(finished)
            pthread_mutex_unlock(mutex)
        }
    }

    /// Runs `helperJob(context)` on the helper thread and `callerJob()` here, and returns when both
    /// are done. `helperJob` must not capture anything (a thin function: no allocation).
    @inline(__always)
    func run(_ context: UnsafeRawPointer, helperJob: @escaping (UnsafeRawPointer) -> Void, callerJob: () -> Void) {
        pthread_mutex_lock(entry)
        pthread_mutex_lock(mutex)
        job = helperJob; self.context = context; pending = true
        pthread_cond_signal(wake)
        pthread_mutex_unlock(mutex)
        callerJob()
        pthread_mutex_lock(mutex)
        while !done { pthread_cond_wait(finished, mutex) }
        done = false
        pthread_mutex_unlock(mutex)
        pthread_mutex_unlock(entry)
    }
}
