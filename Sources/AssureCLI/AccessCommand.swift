import ArgumentParser
import AssureCore
import Foundation

struct AccessCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "access",
        abstract: "Access grants: which customer may open which restricted documents, until when.",
        discussion: """
            Grants are files in content/access/, one per customer, reviewed like any change. The \
            public build seals each live grant's documents under keys derived from the access \
            secret; `access link` prints the link to send the customer.
            """,
        subcommands: [AccessListCommand.self, AccessLinkCommand.self]
    )

    /// The checked model with its grants. A project with errors cannot say what its grants
    /// open, except uncovered criteria: a programme in readiness publishes with `--allow-gaps`,
    /// grant pages included.
    static func portal(project: URL, asOf: CalendarDate) async throws -> Portal {
        var pipeline = BuildPipeline(project: DiskProject(root: project), asOf: asOf)
        pipeline.allowGaps = true
        do {
            guard let portal = try await pipeline.model().portal else { throw BuildFailure([]) }
            return portal
        } catch let failure as BuildFailure {
            throw BuildFailure(failure.diagnostics.errors)
        }
    }
}

struct AccessListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "Every grant with its customer, NDA, dates, documents and state.",
        discussion:
            "States: live, expires in N days (14 or fewer), expired, not yet granted. No keys or paths are shown."
    )

    @OptionGroup var projectOptions: ProjectOptions
    @OptionGroup var asOfOption: AsOfOption

    func run() async throws {
        let asOf = try asOfOption.resolve()
        let portal = try await AccessCommand.portal(project: try projectOptions.existingProject(), asOf: asOf)
        let console = Console.current
        guard !portal.grants.isEmpty else {
            console.write(
                "No access grants: add one per customer in content/access/ (see the README's “Access grants”).")
            return
        }
        let rows =
            [["grant", "customer", "nda", "granted", "expires", "documents", "state"]]
            + portal.grants.map { grant in
                // Text from content never steers the terminal (see `neutralizingControlCharacters`).
                [
                    grant.id, grant.customer.neutralizingControlCharacters(), grant.nda.neutralizingControlCharacters(),
                    grant.granted.description, grant.expires.description, "\(grant.opens.count)",
                    grant.state(on: asOf).displayName,
                ]
            }
        let widths = (0..<rows[0].count).map { column in rows.map { $0[column].count }.max() ?? 0 }
        for row in rows {
            console.write(
                zip(row, widths).map { $0.padding(toLength: $1, withPad: " ", startingAt: 0) }
                    .joined(separator: "  ").trimmingCharacters(in: .whitespaces))
        }
    }
}

struct AccessLinkCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "link",
        abstract: "Print the link to send a customer for their grant.",
        discussion: """
            The link ends in #k= and the grant's key: browsers never send the part after # to a \
            server. Whoever holds the link can read the documents until the first build after the \
            grant expires or its rotation number changes. It works once a build with the same \
            secret has been published.
            """
    )

    @OptionGroup var projectOptions: ProjectOptions
    @OptionGroup var asOfOption: AsOfOption
    @OptionGroup var accessSecret: AccessSecretOption

    @Argument(help: ArgumentHelp("The grant's ID: its file name in content/access/ without .yml.", valueName: "grant"))
    var grant: String

    func run() async throws {
        let root = try projectOptions.existingProject()
        let asOf = try asOfOption.resolve()
        // A secret that must not be used is refused before anything else is said.
        let resolvedSecret = try accessSecret.resolve(project: root)
        let portal = try await AccessCommand.portal(project: root, asOf: asOf)
        guard let grant = portal.grants.first(where: { $0.id.lowercased() == self.grant.lowercased() }) else {
            let known = portal.grants.map(\.id)
            throw ValidationError(
                "no grant `\(self.grant)` in content/access/"
                    + (known.isEmpty ? "" : "; grants: " + known.joined(separator: ", ")))
        }
        switch grant.state(on: asOf) {
        case .expired:
            throw OutputError(
                description: "grant \(grant.id) expired on \(grant.expires): it has no link; extend `expires` in "
                    + "\(grant.path) and build again")
        case .notYetGranted:
            throw OutputError(
                description:
                    "grant \(grant.id) starts on \(grant.granted): its pages are published from that day's build")
        case .live, .expiringSoon:
            break
        }
        guard let secret = resolvedSecret else {
            throw OutputError(
                description: "no access secret: set \(AccessSecretOption.environmentVariable) or pass "
                    + "--access-secret-file, the same one the published build used")
        }
        guard let base = portal.config.baseURL else {
            throw OutputError(description: "assure.yml has no base_url, so there is no address to link to")
        }
        let keys = GrantKeys(secret: secret, grant: grant)
        Console.current.write("\(base)/\(keys.folder)/index.html#k=\(keys.linkKey)")
        // On standard error, so the link alone can be piped or copied.
        Console.current.error(
            "The link opens once the public site is built with this same secret (`assure build` with "
                + "\(AccessSecretOption.environmentVariable) or --access-secret-file) and published at \(base). "
                + "To try it first: `assure serve --access-secret-file FILE`, then open "
                + "http://127.0.0.1:8080/\(keys.folder)/index.html#k=\(keys.linkKey)")
    }
}
