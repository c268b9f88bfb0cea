import Foundation

/// What `assure export oscal` writes.
public enum OSCALModelChoice: String, Sendable, Hashable, CaseIterable {
    /// A system security plan per framework in scope, with the profile and catalog it imports.
    case ssp
    /// One component definition: the public view, for customers' GRC tools.
    case componentDefinition = "component-definition"
    case all

    var writesPlans: Bool { self != .componentDefinition }
    var writesComponentDefinition: Bool { self != .ssp }
}

/// The programme as OSCAL 1.1.3 JSON: a system security plan per framework in scope (with the
/// profile and catalog it imports) made from one audience's view, and a component definition
/// made from the public view. Deterministic: UUIDs are version 5 UUIDs of stable names
/// (`OSCALIdentity`), and `last-modified` is the commit's date. Every file is checked for
/// duplicate UUIDs and dangling references before it is returned (`OSCALSelfCheck`).
public struct OSCALExporter: Sendable {
    /// The view the plans are made from (the auditor's, unless asked otherwise).
    public var view: PortalView
    /// The public view, for the component definition.
    public var publicView: PortalView
    /// The files of `view`'s site, by path: a policy's resource carries its page's SHA-256, the
    /// same as the bundle's manifest lists.
    public var siteFiles: [String: Data]
    /// When the content was last committed: every document's `last-modified`.
    public var lastModified: Date
    /// The commit, or a note that there is none: every document's `version`.
    public var version: String

    let identity: OSCALIdentity

    public init(
        view: PortalView, publicView: PortalView, siteFiles: [String: Data], lastModified: Date, version: String
    ) {
        self.view = view
        self.publicView = publicView
        self.siteFiles = siteFiles
        self.lastModified = lastModified
        self.version = version
        self.identity = OSCALIdentity(config: view.config)
    }

    /// The file names of one framework's documents.
    public static func fileName(_ framework: String, _ model: String) -> String {
        "\(Slug.fileName(framework))-\(model).json"
    }

    public static let componentDefinitionFile = "component-definition.json"

    /// The export's files, by name, checked.
    public func export(_ choice: OSCALModelChoice) throws -> [OutputFile] {
        var files: [OutputFile] = []
        for framework in view.scope.frameworks {
            guard let catalog = view.catalog.catalog(framework.id) else { continue }
            let untokenable = catalog.criteria.map(\.id).filter { OSCALToken.control($0) == nil }
            guard untokenable.isEmpty else {
                throw OutputError(
                    description: "\(catalog.name): criterion IDs with no OSCAL token (a letter or `_`, then letters, "
                        + "digits, `.`, `-`, `_`): " + untokenable.prefix(5).map { "`\($0)`" }.joined(separator: ", ")
                        + "; rename them in the catalog to export it")
            }
            let inScope = view.coverage.rows.filter { $0.inScope && $0.criterion.catalog == catalog.id }
            files.append(try file(Self.fileName(catalog.id, "catalog"), catalogDocument(catalog)))
            files.append(try file(Self.fileName(catalog.id, "profile"), profileDocument(catalog, rows: inScope)))
            if choice.writesPlans {
                files.append(try file(Self.fileName(catalog.id, "ssp"), plan(catalog, rows: inScope)))
            }
        }
        if choice.writesComponentDefinition {
            files.append(try file(Self.componentDefinitionFile, componentDefinition()))
        }
        try OSCALSelfCheck.check(files)
        return files
    }

    /// Encodes a document whose own UUID is named by its content: the same content keeps its
    /// UUID, and a changed one gets a new one, as OSCAL asks of a document's UUID.
    private func file(_ name: String, _ make: (String) -> OSCAL.Document) throws -> OutputFile {
        let draft = try OSCAL.encode(make("00000000-0000-5000-8000-000000000000"))
        let uuid = identity.uuid("document:\(name):\(AuditorBundle.sha256(draft))")
        return OutputFile(path: name, data: try OSCAL.encode(make(uuid)))
    }

    func metadata(_ title: String, roles: [OSCAL.Role]? = nil, remarks: String? = nil) -> OSCAL.Metadata {
        OSCAL.Metadata(
            title: title, lastModified: lastModified.utcTimestamp, version: version,
            oscalVersion: OSCAL.version, roles: roles,
            parties: [
                OSCAL.Party(
                    uuid: organizationUUID, type: "organization", name: view.config.organization.name,
                    emailAddresses: view.config.contact.email.map { [$0] })
            ],
            remarks: remarks)
    }

    var organizationUUID: String { identity.uuid("party:organization") }

    // MARK: The system security plan

    private func plan(_ catalog: Catalog, rows: [CoverageMatrix.Row]) -> (String) -> OSCAL.Document {
        let organization = view.config.organization
        let roles = self.roles
        let characteristics = OSCAL.SystemCharacteristics(
            systemIds: [OSCAL.SystemID(identifierType: "https://ietf.org/rfc/rfc4122", id: identity.uuid("system"))],
            systemName: view.config.siteTitle.trimmed(or: organization.name),
            description: (organization.description ?? "").trimmed(or: organization.name),
            systemInformation: OSCAL.SystemInformation(informationTypes: [
                OSCAL.InformationType(
                    uuid: identity.uuid("information-type:customer-data"), title: "Customer data",
                    description: "The information \(organization.name)'s system stores, processes or transmits for "
                        + "its customers. This plan does not categorise it under NIST SP 800-60.")
            ]),
            status: .init(state: "operational"),
            authorizationBoundary: .init(
                description: "The controls and policies of \(organization.name)'s security programme, as kept in "
                    + "its Assure project; criteria excluded from scope say what is outside it and why."))
        let implementation = OSCAL.ControlImplementation(
            description: "How \(organization.name) meets \(catalog.name): for each criterion in scope, the controls "
                + "that meet it with their status, and for each excluded criterion the reason.",
            implementedRequirements: rows.map(requirement))
        return { uuid in
            OSCAL.Document(
                systemSecurityPlan: OSCAL.SystemSecurityPlan(
                    uuid: uuid,
                    metadata: metadata("\(organization.name): System Security Plan for \(catalog.name)", roles: roles),
                    importProfile: .init(href: Self.fileName(catalog.id, "profile")),
                    systemCharacteristics: characteristics,
                    systemImplementation: .init(users: users, components: components),
                    controlImplementation: implementation,
                    backMatter: resources.isEmpty ? nil : .init(resources: resources)))
        }
    }

    /// One role per owner named by a document the view shows, by ID.
    var roles: [OSCAL.Role] {
        let owners = view.documents.policies.compactMap(\.owner) + view.documents.controls.compactMap(\.owner)
        var roles: [String: OSCAL.Role] = [:]
        for owner in owners.sorted() where roles[OSCALToken.role(owner)] == nil {
            roles[OSCALToken.role(owner)] = OSCAL.Role(id: OSCALToken.role(owner), title: owner)
        }
        return roles.values.sorted { $0.id < $1.id }
    }

    /// The people who run the programme, one kind per role.
    private var users: [OSCAL.SystemUser] {
        roles.map { OSCAL.SystemUser(uuid: identity.uuid("user:\($0.id)"), title: $0.title, roleIds: [$0.id]) }
    }

    private func responsible(_ owner: String?) -> [OSCAL.ResponsibleRole]? {
        owner.map { [OSCAL.ResponsibleRole(roleId: OSCALToken.role($0))] }
    }

    private var thisSystemUUID: String { identity.uuid("component:this-system") }

    func componentUUID(_ node: NodeRef) -> String { identity.uuid("component:\(node.kind?.rawValue ?? ""):\(node.id)") }

    /// The system, then one component per policy and per control narrative the view shows.
    private var components: [OSCAL.Component] {
        let organization = view.config.organization
        let system = OSCAL.Component(
            uuid: thisSystemUUID, type: "this-system", title: view.config.siteTitle.trimmed(or: organization.name),
            description: (organization.description ?? "").trimmed(or: organization.name),
            status: .init(state: "operational"))
        let policies = view.documents.policies.map { policy in
            OSCAL.Component(
                uuid: componentUUID(policy.node), type: "policy", title: policy.header.title,
                description: Self.prose(policy.body.source, or: policy.header.title),
                props: [.assure("document-id", policy.header.id)]
                    + (policy.version.map { [.assure("version", $0)] } ?? []),
                links: [OSCAL.Link(href: "#" + resourceUUID(policy.node), rel: "reference")],
                status: .init(state: "operational"), responsibleRoles: responsible(policy.owner))
        }
        let controls = view.documents.controls.map { control in
            let policyLinks = control.policies.compactMap { reference in
                view.documents.policy(reference.value).map {
                    OSCAL.Link(href: "#" + resourceUUID($0.node), rel: "reference")
                }
            }
            let evidenceLinks = artifacts(of: control.header.id).map {
                OSCAL.Link(href: "#" + identity.uuid("resource:artifact:\($0)"), rel: "evidence")
            }
            return OSCAL.Component(
                uuid: componentUUID(control.node), type: "process-procedure", title: control.header.title,
                description: Self.prose(control.body.source, or: control.header.title),
                props: [.assure("document-id", control.header.id), .assure("family", control.family)]
                    + (control.frequencyText.map { [.assure("frequency", $0)] } ?? []),
                links: policyLinks + evidenceLinks,
                status: Self.componentStatus(control.status), responsibleRoles: responsible(control.owner))
        }
        return [system] + policies + controls
    }

    static func componentStatus(_ status: ControlStatus) -> OSCAL.ComponentStatus {
        switch status {
        case .implemented: .init(state: "operational")
        case .partial: .init(state: "operational", remarks: "Partially implemented.")
        case .planned: .init(state: "under-development", remarks: "Planned.")
        case .notApplicable: .init(state: "other", remarks: "Not applicable.")
        }
    }

    /// OSCAL's implementation state for a control's status: the same four words.
    static func implementationState(_ status: ControlStatus) -> String { status.rawValue }

    /// A criterion in scope: the controls that meet it, or its exclusion.
    private func requirement(_ row: CoverageMatrix.Row) -> OSCAL.ImplementedRequirement {
        let key = row.criterion.key
        var byComponents = row.controls.compactMap { reference -> OSCAL.ByComponent? in
            guard let control = view.control(reference.id) else { return nil }
            return OSCAL.ByComponent(
                componentUuid: componentUUID(control.node),
                uuid: identity.uuid("by-component:\(key):\(control.header.id)"),
                description: "\(control.header.id) \(control.header.title)"
                    + (control.header.summary.map { ": \($0)" } ?? "."),
                implementationStatus: .init(state: Self.implementationState(control.status)),
                responsibleRoles: responsible(control.owner))
        }
        if row.status == .excluded, let reason = row.exclusionReason {
            byComponents.append(
                OSCAL.ByComponent(
                    componentUuid: thisSystemUUID, uuid: identity.uuid("by-component:\(key):this-system"),
                    description: "Excluded from scope: \(reason)",
                    implementationStatus: .init(
                        state: "not-applicable", remarks: row.exclusionAlternative.map { "Instead: \($0)" })))
        }
        return OSCAL.ImplementedRequirement(
            uuid: identity.uuid("requirement:\(key)"), controlId: OSCALToken.control(row.criterion.id) ?? "",
            props: [OSCAL.Property(name: "label", value: row.criterion.id)],
            byComponents: byComponents.isEmpty ? nil : byComponents,
            remarks: remarks(row, shown: byComponents))
    }

    /// Why a requirement lists no implemented control: none meets it, or those that do are not
    /// shown to this plan's audience (a restricted one named by title, on request).
    private func remarks(_ row: CoverageMatrix.Row, shown: [OSCAL.ByComponent]) -> String? {
        switch row.status {
        case .excluded: return nil
        case .covered:
            guard !shown.contains(where: { $0.implementationStatus.state == "implemented" }) else { return nil }
            let titles = (view.titleOnlyControls[row.criterion.key] ?? []).map { "\($0.id) \($0.title)" }
            return "Met by controls this plan's audience does not see"
                + (titles.isEmpty ? "." : "; on request: " + titles.joined(separator: "; ") + ".")
        case .gap, .uncovered: return "\(row.status.displayName): no implemented control meets this criterion."
        }
    }

    // MARK: Back matter

    func resourceUUID(_ node: NodeRef) -> String { identity.uuid("resource:\(node.kind?.rawValue ?? ""):\(node.id)") }

    /// The content paths of a control's evidence artifacts, in record order, without repeats.
    private func artifacts(of control: String) -> [String] {
        var seen = Set<String>()
        return (view.evidence[control]?.records ?? []).flatMap(\.artifacts).map(\.value).filter {
            seen.insert($0).inserted
        }
    }

    /// Each policy's page and each evidence artifact, with the SHA-256 the bundle lists.
    private var resources: [OSCAL.Resource] {
        let policies = view.documents.policies.map { policy in
            resource(
                uuid: resourceUUID(policy.node), title: "\(policy.header.id) \(policy.header.title)",
                path: SitePaths.page(for: policy.node), mediaType: "text/html")
        }
        let evidence = view.documents.controls.flatMap { artifacts(of: $0.header.id) }.map { path in
            resource(
                uuid: identity.uuid("resource:artifact:\(path)"), title: String(path.split(separator: "/").last ?? ""),
                path: SitePaths.asset(path), mediaType: nil)
        }
        var seen = Set<String>()
        return (policies + evidence).filter { seen.insert($0.uuid).inserted }
    }

    private func resource(uuid: String, title: String, path: String, mediaType: String?) -> OSCAL.Resource {
        let hashes = siteFiles[path].map { [OSCAL.Hash(algorithm: "SHA-256", value: AuditorBundle.sha256($0))] }
        return OSCAL.Resource(
            uuid: uuid, title: title,
            rlinks: [OSCAL.ResourceLink(href: "../" + path, mediaType: mediaType, hashes: hashes)])
    }

    /// A body as OSCAL markup: markdown, with `[[ID]]` references written as the ID.
    static func prose(_ markdown: String, or fallback: String) -> String {
        let text = markdown.replacingOccurrences(
            of: #"\[\[([^\]|]+)(\|[^\]]*)?\]\]"#, with: "$1", options: .regularExpression)
        return text.trimmed(or: fallback)
    }
}

extension String {
    /// The text without surrounding white space, or `fallback` when nothing is left: OSCAL's
    /// strings may be neither empty nor padded.
    func trimmed(or fallback: String) -> String {
        let text = trimmingCharacters(in: .whitespacesAndNewlines)
        return text.isEmpty ? fallback.trimmingCharacters(in: .whitespacesAndNewlines) : text
    }
}
