import Foundation

/// The catalog and profile a plan imports, and the component definition.
extension OSCALExporter {
    /// A framework's criteria as an OSCAL catalog: its groups, and each criterion as a control
    /// under its token, with its Assure ID as the `label`. Titles are Assure's own short wording
    /// (or a project catalog's); official text appears only where the project supplied it.
    func catalogDocument(_ catalog: Catalog) -> (String) -> OSCAL.Document {
        let groups = catalog.groups.compactMap { group -> OSCAL.Group? in
            let controls = catalog.criteria(in: group.id).map { criterion in
                let token = OSCALToken.control(criterion.id) ?? ""
                return OSCAL.Control(
                    id: token, title: criterion.title.trimmed(or: criterion.id),
                    props: [OSCAL.Property(name: "label", value: criterion.id)],
                    parts: criterion.text.map { [OSCAL.Part(id: token + "_smt", name: "statement", prose: $0)] })
            }
            guard !controls.isEmpty else { return nil }
            return OSCAL.Group(
                id: OSCALToken.isToken(group.id) ? group.id : "group-" + OSCALToken.role(group.id),
                title: group.name.trimmed(or: group.id), controls: controls)
        }
        let remarks =
            catalog.isBuiltIn
            ? "Criterion titles are Assure's own short wording; the official text of \(catalog.name) is not included."
            : nil
        return { uuid in
            OSCAL.Document(
                catalog: OSCAL.Catalog(
                    uuid: uuid,
                    metadata: metadata(catalog.name, remarks: remarks).versioned(catalog.version),
                    groups: groups))
        }
    }

    /// What of the catalog is in scope: the criteria of the selected groups (and profile), the
    /// excluded ones with them, since the plan says why they are excluded.
    func profileDocument(_ catalog: Catalog, rows: [CoverageMatrix.Row]) -> (String) -> OSCAL.Document {
        let ids = rows.compactMap { OSCALToken.control($0.criterion.id) }
        let name = view.config.organization.name
        return { uuid in
            OSCAL.Document(
                profile: OSCAL.Profile(
                    uuid: uuid, metadata: metadata("\(name): \(catalog.name) in scope"),
                    imports: [
                        OSCAL.ProfileImport(
                            href: Self.fileName(catalog.id, "catalog"), includeControls: [.init(withIds: ids)])
                    ]))
        }
    }

    /// The public view as a component definition: one service, and for each framework in
    /// scope the criteria it meets, each naming the controls the trust page shows (a restricted
    /// one by title, on request). Nothing the public site does not show is in it.
    func componentDefinition() -> (String) -> OSCAL.Document {
        let organization = publicView.config.organization
        let implementations = publicView.scope.frameworks.compactMap { framework -> OSCAL.DefinedImplementation? in
            guard let catalog = publicView.catalog.catalog(framework.id) else { return nil }
            let rows = publicView.coverage.rows.filter {
                $0.inScope && $0.criterion.catalog == catalog.id && $0.status == .covered
            }
            return OSCAL.DefinedImplementation(
                uuid: identity.uuid("control-implementation:\(catalog.id)"),
                source: Self.fileName(catalog.id, "profile"),
                description: "The \(catalog.name) criteria in scope that \(organization.name)'s implemented "
                    + "controls meet.",
                implementedRequirements: rows.map { row in
                    OSCAL.DefinedRequirement(
                        uuid: identity.uuid("defined-requirement:\(row.criterion.key)"),
                        controlId: OSCALToken.control(row.criterion.id) ?? "", description: publicMeeting(row))
                })
        }
        let links = publicView.config.baseURL.map { [OSCAL.Link(href: $0 + "/", rel: "homepage")] }
        let component = OSCAL.DefinedComponent(
            uuid: identity.uuid("component:service"), type: "service",
            title: publicView.config.siteTitle.trimmed(or: organization.name),
            description: (organization.description ?? "").trimmed(or: organization.name), links: links,
            controlImplementations: implementations)
        return { uuid in
            OSCAL.Document(
                componentDefinition: OSCAL.ComponentDefinition(
                    uuid: uuid,
                    metadata: metadata("\(organization.name): controls by framework, as the trust page shows them"),
                    components: [component]))
        }
    }

    /// "Met by AC-01 Access reviews; AC-02 Provisioning (available on request)."
    private func publicMeeting(_ row: CoverageMatrix.Row) -> String {
        let shown = row.controls.filter { $0.status == .implemented }.compactMap { reference in
            publicView.control(reference.id).map { "\($0.header.id) \($0.header.title)" }
        }
        let onRequest = (publicView.titleOnlyControls[row.criterion.key] ?? []).filter { $0.status == .implemented }
            .map { "\($0.id) \($0.title) (available on request)" }
        let names = shown + onRequest
        return names.isEmpty
            ? "Met by implemented controls described to auditors and not published on the trust page."
            : "Met by " + names.joined(separator: "; ") + "."
    }
}

extension OSCAL.Metadata {
    /// The metadata with a catalog's own version, when it has one.
    func versioned(_ catalogVersion: String?) -> OSCAL.Metadata {
        var metadata = self
        if let catalogVersion, !catalogVersion.isEmpty { metadata.version = catalogVersion }
        return metadata
    }
}
