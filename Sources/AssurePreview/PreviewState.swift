import AssureCore
import Foundation
import Synchronization

/// What the preview server shows: the last good site in memory, the error of the last failed
/// rebuild if any, and the browsers waiting for news.
public final class PreviewState: Sendable {
    public enum Event: Sendable, Equatable {
        /// A new site is ready; pages reload.
        case reload(generation: Int)
        /// A rebuild failed; pages show the diagnostics over the last good site.
        case failed(String)
    }

    private struct Stored {
        var files: [String: Data] = [:]
        var generation = 0
        var error: String?
        var listeners: [Int: AsyncStream<Event>.Continuation] = [:]
        var nextListener = 0
        var closed = false
    }

    private let stored = Mutex(Stored())

    public init() {}

    public var generation: Int { stored.withLock { $0.generation } }
    /// Open event streams: each is one browser tab's connection.
    public var listenerCount: Int { stored.withLock { $0.listeners.count } }

    public func file(_ path: String) -> Data? { stored.withLock { $0.files[path] } }

    /// Replaces the site and tells every open page to reload.
    public func publish(_ files: [OutputFile]) {
        let listeners = stored.withLock { state -> [AsyncStream<Event>.Continuation] in
            state.files = Dictionary(files.map { ($0.path, $0.data) }) { first, _ in first }
            state.generation += 1
            state.error = nil
            return Array(state.listeners.values)
        }
        let event = Event.reload(generation: generation)
        for listener in listeners { listener.yield(event) }
    }

    /// Keeps the last good site and tells every open page what went wrong.
    public func fail(_ message: String) {
        let listeners = stored.withLock { state -> [AsyncStream<Event>.Continuation] in
            state.error = message
            return Array(state.listeners.values)
        }
        for listener in listeners { listener.yield(.failed(message)) }
    }

    /// Ends every event stream, so that open connections finish and the server can stop.
    public func close() {
        let listeners = stored.withLock { state -> [AsyncStream<Event>.Continuation] in
            state.closed = true
            defer { state.listeners = [:] }
            return Array(state.listeners.values)
        }
        for listener in listeners { listener.finish() }
    }

    /// A stream of events for one browser connection, starting with the current state. It
    /// ends when `end` is called (the connection closed) or the server stops.
    public func subscribe() -> (events: AsyncStream<Event>, end: @Sendable () -> Void) {
        let (stream, continuation) = AsyncStream.makeStream(of: Event.self, bufferingPolicy: .bufferingNewest(16))
        let id = stored.withLock { state -> Int in
            if state.closed { continuation.finish() }
            let id = state.nextListener
            state.nextListener += 1
            state.listeners[id] = continuation
            if let error = state.error { continuation.yield(.failed(error)) }
            return id
        }
        continuation.onTermination = { [weak self] _ in
            _ = self?.stored.withLock { $0.listeners.removeValue(forKey: id) }
        }
        return (stream, { continuation.finish() })
    }
}
