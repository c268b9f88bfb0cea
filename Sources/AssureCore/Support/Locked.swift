import Foundation

/// A value behind a lock, for state shared between tasks and threads. It is `Synchronization`'s
/// `Mutex` in all but its lock: on Linux `Mutex` waits on a futex the thread sanitizer cannot
/// see, so every access under one is reported as a race and `scripts/sanitize thread` could find
/// nothing real; this one is a pthread mutex (`NSLock`), which the sanitizer follows.
package final class Locked<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value

    package init(_ value: Value) { self.value = value }

    package func withLock<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }

    /// `withLock` for a lock held tens of microseconds at a time by threads with nothing else
    /// to do meanwhile: it is tried a while, the processor yielded between tries, before the
    /// thread waits for it. Putting a thread to sleep and waking it costs more than such a
    /// hold; a long one still ends in a wait, not in spinning.
    package func withLockTryingFirst<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
        // About as long as a hold of such a lock, then a plain wait.
        let patience = 200
        var tries = 0
        while !lock.try() {
            tries += 1
            guard tries < patience else {
                lock.lock()
                break
            }
            sched_yield()
        }
        defer { lock.unlock() }
        return try body(&value)
    }
}
