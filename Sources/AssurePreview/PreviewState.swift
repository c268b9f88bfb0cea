import AssureCore
import Foundation

/// What the preview server shows: the last good site in memory (with, for a moment, the pages
/// of an edit shown before the rest is built), the error of the last failed rebuild if any,
/// and the browsers waiting for news. A browser that says which page it shows reloads only
/// when that page changes.
public final class PreviewState: Sendable {
    public enum Event: Sendable, Equatable {
        /// A new site is ready; pages reload.
        case reload(generation: Int)
        /// A rebuild failed; pages show the diagnostics over the last good site.
        case failed(String)
        /// The project builds again after a failure: pages take the diagnostics away, whether
        /// or not their own page changed.
        case recovered
    }

    private struct Listener {
        var continuation: AsyncStream<Event>.Continuation
        /// The site path the browser shows; nil when it did not say (it reloads on every change).
        var page: String?
    }

    private struct Stored {
        /// What is served: the last good site, or it with an edit's pages shown first.
        var files: [String: Data] = [:]
        /// The last good site, when an edit's pages are shown over it.
        var good: [String: Data]?
        var generation = 0
        var error: String?
        var listeners: [Int: Listener] = [:]
        var nextListener = 0
        var closed = false

        /// Serves `files` and returns the listeners whose page they change.
        mutating func show(_ files: [String: Data]) -> [AsyncStream<Event>.Continuation] {
            let before = self.files
            self.files = files
            generation += 1
            func changed(_ path: String) -> Bool { before[path] != files[path] }
            return listeners.values.filter { listener in
                guard let page = listener.page else { return true }
                // A page not in the site shows the site's 404 page.
                return changed(page) || (files[page] == nil && changed(SitePaths.notFound))
            }.map(\.continuation)
        }
    }

    private let stored = Locked(Stored())

    public init() {}

    public var generation: Int { stored.withLock { $0.generation } }
    /// Open event streams: each is one browser tab's connection.
    public var listenerCount: Int { stored.withLock { $0.listeners.count } }

    public func file(_ path: String) -> Data? { stored.withLock { $0.files[path] } }

    /// Replaces the site and tells the open pages it changes to reload (see `publish(_:)` by path).
    @discardableResult
    public func publish(_ files: [OutputFile]) -> Bool {
        publish(Dictionary(files.map { ($0.path, $0.data) }) { first, _ in first })
    }

    /// Replaces the site (by path) and tells the open pages it changes to reload; after a
    /// failed build, every open page is told it is over. Returns whether the last build had failed.
    @discardableResult
    public func publish(_ site: [String: Data]) -> Bool {
        let (listeners, generation, recovered) = stored.withLock { state in
            let recovered = state.error == nil ? nil : state.listeners.values.map(\.continuation)
            state.good = nil
            state.error = nil
            return (state.show(site), state.generation, recovered)
        }
        for listener in recovered ?? [] { listener.yield(.recovered) }
        for listener in listeners { listener.yield(.reload(generation: generation)) }
        return recovered != nil
    }

    /// Shows an edit's pages over the last good site until the next `publish` or `fail`.
    public func showFirst(_ pages: [OutputFile]) {
        let (listeners, generation) = stored.withLock { state in
            let good = state.good ?? state.files
            var files = good
            for page in pages { files[page.path] = page.data }
            state.good = good
            return (state.show(files), state.generation)
        }
        for listener in listeners { listener.yield(.reload(generation: generation)) }
    }

    /// Goes back to the last good site (pages shown first are taken back) and tells every
    /// open page what went wrong.
    public func fail(_ message: String) {
        let (reverted, listeners, generation) = stored.withLock { state in
            let reverted = state.good.map { state.show($0) } ?? []
            state.good = nil
            state.error = message
            return (reverted, state.listeners.values.map(\.continuation), state.generation)
        }
        for listener in reverted { listener.yield(.reload(generation: generation)) }
        for listener in listeners { listener.yield(.failed(message)) }
    }

    /// Ends every event stream, so that open connections finish and the server can stop.
    public func close() {
        let listeners = stored.withLock { state -> [AsyncStream<Event>.Continuation] in
            state.closed = true
            defer { state.listeners = [:] }
            return state.listeners.values.map(\.continuation)
        }
        for listener in listeners { listener.finish() }
    }

    /// A stream of events for one browser connection, showing `page` (a site path) if it
    /// said, starting with the current state. It ends when `end` is called (the connection
    /// closed) or the server stops.
    public func subscribe(page: String? = nil) -> (events: AsyncStream<Event>, end: @Sendable () -> Void) {
        let (stream, continuation) = AsyncStream.makeStream(of: Event.self, bufferingPolicy: .bufferingNewest(16))
        let id = stored.withLock { state -> Int in
            if state.closed { continuation.finish() }
            let id = state.nextListener
            state.nextListener += 1
            state.listeners[id] = Listener(continuation: continuation, page: page)
            if let error = state.error { continuation.yield(.failed(error)) }
            return id
        }
        continuation.onTermination = { [weak self] _ in
            _ = self?.stored.withLock { $0.listeners.removeValue(forKey: id) }
        }
        return (stream, { continuation.finish() })
    }
}
