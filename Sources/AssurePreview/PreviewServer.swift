import AssureCore
import Foundation
import Hummingbird
import Logging
import NIOCore

/// `assure serve`: builds the site, serves it from memory, watches the project and rebuilds
/// what changed, and tells open pages to reload.
public struct PreviewServer: Sendable {
    public struct Options: Sendable {
        public var root: URL
        public var host: String
        public var port: Int
        public var audience: SiteAudience
        public var asOf: CalendarDate
        /// How often the project is looked at for changes where the kernel cannot say, and how
        /// long a burst of changes is let settle where it can.
        public var pollInterval: Duration
        /// How long a connection may wait with a request half sent, or idle between requests.
        public var idleTimeout: Duration
        /// Preview even while criteria in scope are uncovered (`serve --allow-gaps`).
        public var allowGaps = false
        /// The secret grant pages derive from (`serve --access-secret-file`): the public preview
        /// then carries each live grant's sealed pages, so a customer's link can be tried locally.
        public var accessSecret: AccessSecret?

        public init(
            root: URL, host: String = "127.0.0.1", port: Int = 8080, audience: SiteAudience = .public,
            asOf: CalendarDate, pollInterval: Duration = .milliseconds(25), idleTimeout: Duration = .seconds(10)
        ) {
            self.idleTimeout = idleTimeout
            self.root = root
            self.host = host
            self.port = port
            self.audience = audience
            self.asOf = asOf
            self.pollInterval = pollInterval
        }
    }

    public let options: Options
    public let state = PreviewState()
    /// Warnings already printed, so each rebuild prints only new ones.
    private let shownWarnings = WarningLog()
    /// Where messages for the person running the server go (one line each).
    let log: @Sendable (String) -> Void
    let logError: @Sendable (String) -> Void

    public init(
        options: Options, log: @escaping @Sendable (String) -> Void, logError: @escaping @Sendable (String) -> Void
    ) {
        self.options = options
        self.log = log
        self.logError = logError
    }

    /// Whether an address is on this machine only.
    public static func isLoopback(_ host: String) -> Bool {
        host == "localhost" || host == "::1" || host.hasPrefix("127.")
    }

    /// Runs until the task is cancelled or the process gets SIGINT or SIGTERM.
    /// `onListening` receives the port actually bound (useful with port 0).
    public func run(onListening: @escaping @Sendable (Int) -> Void = { _ in }) async throws {
        let project = DiskProject(root: options.root)
        let history = FrozenSourceControl(GitRepository(root: options.root))
        let builder = IncrementalBuilder(
            project: project, audience: options.audience, asOf: options.asOf,
            sourceControl: history, allowGaps: options.allowGaps, accessSecret: options.accessSecret)
        // The first build: a broken project still starts the server, with the error on screen.
        _ = await rebuild(builder)

        let hosts = HostGuard()
        let responder = PreviewResponder(state: state, hosts: hosts)
        var logger = Logger(label: "assure.serve")
        // Cancelling the server on Ctrl-C makes it log errors about closing connections; say nothing.
        logger.logLevel = .critical
        let app = Application(
            responder: CallbackResponder { (request: Request, context: PreviewContext) in
                try await responder.respond(to: request, context: context)
            },
            // A request not sent whole, or a connection left idle, is closed after a while; a
            // browser closing its side closes the connection at once (see PeerClosedHandler).
            server: .http1(
                configuration: .init(
                    additionalChannelHandlers: [PeerClosedHandler()],
                    idleTimeout: .nanoseconds(options.idleTimeout.nanoseconds))),
            configuration: .init(address: .hostname(options.host, port: options.port), serverName: "assure"),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? options.port
                hosts.listening(on: port)
                onListening(port)
            },
            logger: logger)
        let log = self.log
        let watcher = ProjectWatcher(
            root: options.root, interval: options.pollInterval,
            describe: { log("watching content/ and templates/ with \($0)") })
        let state = self.state
        try await withTaskCancellationHandler {
            try await withThrowingTaskGroup(of: Void.self) { group in
                // Signals are handled here rather than by the server: open event streams must end
                // before the server's graceful shutdown can finish.
                group.addTask { try await app.runService(gracefulShutdownSignals: []) }
                group.addTask { await StopSignal.wait() }
                group.addTask {
                    for await changes in watcher.changes() {
                        let started = ContinuousClock.now
                        // An edit to fields can reach every list: its own pages are shown while
                        // the rest is built.
                        if let pages = await builder.preview(changed: changes.paths) { state.showFirst(pages) }
                        if await self.rebuild(builder, changed: changes.paths) {
                            let elapsed = started.duration(to: .now)
                            self.log("rebuilt after \(changes.summary) in \(Int(elapsed.milliseconds)) ms")
                        }
                    }
                }
                // A stop signal, or the server ending, ends everything.
                _ = try await group.next()
                state.close()
                group.cancelAll()
            }
        } onCancel: {
            state.close()
        }
    }

    static let summarised = DiagnosticRenderer(toolVersion: "", summariseAfter: 3)

    /// Builds and publishes; on failure prints the diagnostics and shows them in the browser.
    @discardableResult
    func rebuild(_ builder: IncrementalBuilder, changed: [String]? = nil) async -> Bool {
        do {
            let result = try await builder.build(changed: changed)
            if state.publish(result.site) { logError("the project builds again; the preview shows the new build") }
            let new = shownWarnings.replace(with: result.warnings.warnings)
            // Many warnings of one code are counted after the first few, as `assure check` does.
            if !new.isEmpty { logError(Self.summarised.render(new, as: .text)) }
            return true
        } catch let failure as BuildFailure {
            logError(Self.summarised.render(failure.diagnostics, as: .text))
            let text = failure.diagnostics.map(\.description).joined(separator: "\n")
            logError("the site still shows the last good build")
            state.fail(text)
            return false
        } catch {
            logError("error: \(error)")
            state.fail("\(error)")
            return false
        }
    }

}

/// The request context: Hummingbird's, plus the connection, so an event stream can end when
/// its connection closes.
struct PreviewContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    let channel: any Channel

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        channel = source.channel
    }
}

/// Closes a connection when the browser closes its side. The server allows half-closed
/// connections, so without this an event stream whose tab is gone would hold its descriptor
/// and task until the next event; browsers never half-close a connection they still read.
final class PeerClosedHandler: ChannelInboundHandler, RemovableChannelHandler, Sendable {
    typealias InboundIn = NIOAny

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if case .some(ChannelEvent.inputClosed) = event as? ChannelEvent {
            context.close(promise: nil)
        }
        context.fireUserInboundEventTriggered(event)
    }
}

/// The warnings of the last good build, to print only what is new after each rebuild.
final class WarningLog: Sendable {
    private let shown = Locked<[Diagnostic]>([])

    /// Stores `warnings` (sorted, as a build reports them) and returns those not stored before.
    /// One walk of both sorted lists: a project may have thousands of warnings, and an edit
    /// rebuilds in milliseconds.
    func replace(with warnings: [Diagnostic]) -> [Diagnostic] {
        shown.withLock { shown in
            defer { shown = warnings }
            var new: [Diagnostic] = []
            var index = shown.startIndex
            for warning in warnings {
                while index < shown.endIndex, shown[index] < warning { index += 1 }
                // Warnings that sort alike (a hint absent and a hint empty) lie together.
                var same = index
                while same < shown.endIndex, !(warning < shown[same]), shown[same] != warning { same += 1 }
                if same == shown.endIndex || shown[same] != warning { new.append(warning) }
            }
            return new
        }
    }
}
