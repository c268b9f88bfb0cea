import Dispatch
import Foundation

/// Waits for Ctrl-C (SIGINT) or SIGTERM.
enum StopSignal {
    /// Returns when either signal arrives, or when the task is cancelled.
    static func wait() async {
        let (stream, continuation) = AsyncStream.makeStream(of: Int32.self)
        var sources: [any DispatchSourceSignal] = []
        for number in [SIGINT, SIGTERM] {
            // The default action would kill the process before the server could stop cleanly.
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { continuation.yield(number) }
            source.resume()
            sources.append(source)
        }
        // An AsyncStream's iteration ends when the waiting task is cancelled.
        for await _ in stream { break }
        for source in sources { source.cancel() }
        continuation.finish()
    }
}
