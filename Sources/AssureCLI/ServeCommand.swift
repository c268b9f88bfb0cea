import ArgumentParser
import AssureCore
import AssurePreview
import Foundation

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Preview the portal locally; rebuilds on every save and reloads open pages.",
        discussion: """
            Serves the site from memory on 127.0.0.1 only, unless --host names another address \
            (a warning says so). Watches content/ and templates/; after an edit only what \
            depends on it is rebuilt. A build error is printed here and shown over the page, \
            and the last good site keeps being served. Stop with Ctrl-C.
            """
    )

    @OptionGroup var projectOptions: ProjectOptions
    @OptionGroup var asOfOption: AsOfOption

    @Option(help: "The port to listen on (0 picks a free one).")
    var port: Int = 8080

    @Option(help: "The address to listen on. Anything but loopback exposes the preview to other machines.")
    var host: String = "127.0.0.1"

    @Option(help: "Who the preview is for: public or auditor.")
    var audience: SiteAudience = .public

    @Flag(help: "Preview even while criteria in scope are uncovered; the pages show them as gaps.")
    var allowGaps = false

    @OptionGroup var accessSecret: AccessSecretOption

    @Flag(help: "Open the preview in the default browser.")
    var open = false

    @Flag(name: .shortAndLong, help: "Print nothing but errors.")
    var quiet = false

    @Flag(name: .shortAndLong, help: "Print every rebuild with its timing.")
    var verbose = false

    func validate() throws {
        guard (0...65_535).contains(port) else { throw ValidationError("--port must be between 0 and 65535") }
    }

    func run() async throws {
        let console = Console.current
        let root = try projectOptions.existingProject()
        if !PreviewServer.isLoopback(host) {
            console.error(
                "warning: listening on \(host) makes the preview reachable from other machines, including non-public "
                    + "documents of the \(audience.rawValue) view"
            )
        }
        let quiet = self.quiet
        let verbose = self.verbose
        let open = self.open
        let host = self.host
        let audience = self.audience
        var options = PreviewServer.Options(
            root: root, host: host, port: port, audience: audience, asOf: try asOfOption.resolve())
        options.allowGaps = allowGaps
        if audience == .public { options.accessSecret = try accessSecret.resolve(project: root) }
        let server = PreviewServer(
            options: options,
            log: { line in if verbose && !quiet { console.write(line) } },
            logError: { line in console.error(line) })
        try await server.run { boundPort in
            let shownHost = host.contains(":") ? "[\(host)]" : host
            let address = "http://\(shownHost):\(boundPort)/"
            if !quiet {
                console.write("Serving the \(audience.rawValue) view on \(address)  (Ctrl-C to stop)")
            }
            if open { Self.openBrowser(address) }
        }
        if !quiet { console.write("Stopped.") }
    }

    static func openBrowser(_ address: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        #if os(macOS)
        process.arguments = ["open", address]
        #else
        process.arguments = ["xdg-open", address]
        #endif
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try? process.run()
    }
}
