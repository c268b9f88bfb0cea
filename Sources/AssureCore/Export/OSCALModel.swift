import Foundation

/// The part of the OSCAL 1.1.3 JSON models Assure writes: catalogs, profiles, system security
/// plans and component definitions. Property names are the OSCAL names in camel case; the coder
/// turns them into OSCAL's hyphenated names (`partyUuids` → `party-uuids`), so every name is
/// written once, here.
public enum OSCAL {
    public static let version = "1.1.3"
    /// The namespace of the properties Assure adds (`family`, `frequency`, `document-id`). OSCAL
    /// tools read a namespace as an http(s) URL; `.invalid` (RFC 2606) names no one's domain.
    public static let namespace = "https://assure.invalid/ns/oscal"

    public struct Property: Codable, Sendable, Hashable {
        public var name: String
        public var value: String
        public var ns: String?

        /// A property in Assure's namespace.
        static func assure(_ name: String, _ value: String) -> Property {
            Property(name: name, value: value, ns: OSCAL.namespace)
        }
    }

    public struct Link: Codable, Sendable, Hashable {
        public var href: String
        public var rel: String?
    }

    public struct Hash: Codable, Sendable, Hashable {
        public var algorithm: String
        public var value: String
    }

    public struct Role: Codable, Sendable, Hashable {
        public var id: String
        public var title: String
    }

    public struct Party: Codable, Sendable, Hashable {
        public var uuid: String
        public var type: String
        public var name: String
        public var emailAddresses: [String]?
    }

    public struct ResponsibleRole: Codable, Sendable, Hashable {
        public var roleId: String
    }

    public struct Metadata: Codable, Sendable, Hashable {
        public var title: String
        public var lastModified: String
        public var version: String
        public var oscalVersion: String
        public var props: [Property]?
        public var roles: [Role]?
        public var parties: [Party]?
        public var remarks: String?
    }

    public struct ResourceLink: Codable, Sendable, Hashable {
        public var href: String
        public var mediaType: String?
        public var hashes: [Hash]?
    }

    public struct Resource: Codable, Sendable, Hashable {
        public var uuid: String
        public var title: String
        public var props: [Property]?
        public var rlinks: [ResourceLink]?
    }

    public struct BackMatter: Codable, Sendable, Hashable {
        public var resources: [Resource]
    }

    // MARK: Catalog and profile

    public struct Part: Codable, Sendable, Hashable {
        public var id: String
        public var name: String
        public var prose: String
    }

    public struct Control: Codable, Sendable, Hashable {
        public var id: String
        public var title: String
        public var props: [Property]?
        public var parts: [Part]?
    }

    public struct Group: Codable, Sendable, Hashable {
        public var id: String
        public var title: String
        public var controls: [Control]
    }

    public struct Catalog: Codable, Sendable, Hashable {
        public var uuid: String
        public var metadata: Metadata
        public var groups: [Group]
    }

    public struct SelectControls: Codable, Sendable, Hashable {
        public var withIds: [String]
    }

    public struct ProfileImport: Codable, Sendable, Hashable {
        public var href: String
        public var includeControls: [SelectControls]
    }

    public struct Profile: Codable, Sendable, Hashable {
        public var uuid: String
        public var metadata: Metadata
        public var imports: [ProfileImport]
    }

    // MARK: System security plan

    public struct ImplementationStatus: Codable, Sendable, Hashable {
        public var state: String
        public var remarks: String?
    }

    public struct ByComponent: Codable, Sendable, Hashable {
        public var componentUuid: String
        public var uuid: String
        public var description: String
        public var implementationStatus: ImplementationStatus
        public var responsibleRoles: [ResponsibleRole]?
    }

    public struct ImplementedRequirement: Codable, Sendable, Hashable {
        public var uuid: String
        public var controlId: String
        public var props: [Property]?
        public var byComponents: [ByComponent]?
        public var remarks: String?
    }

    public struct ControlImplementation: Codable, Sendable, Hashable {
        public var description: String
        public var implementedRequirements: [ImplementedRequirement]
    }

    public struct ComponentStatus: Codable, Sendable, Hashable {
        public var state: String
        public var remarks: String?
    }

    public struct Component: Codable, Sendable, Hashable {
        public var uuid: String
        public var type: String
        public var title: String
        public var description: String
        public var props: [Property]?
        public var links: [Link]?
        public var status: ComponentStatus
        public var responsibleRoles: [ResponsibleRole]?
    }

    public struct SystemUser: Codable, Sendable, Hashable {
        public var uuid: String
        public var title: String
        public var roleIds: [String]
    }

    public struct SystemImplementation: Codable, Sendable, Hashable {
        public var users: [SystemUser]
        public var components: [Component]
    }

    public struct SystemID: Codable, Sendable, Hashable {
        public var identifierType: String
        public var id: String
    }

    public struct InformationType: Codable, Sendable, Hashable {
        public var uuid: String
        public var title: String
        public var description: String
    }

    public struct SystemInformation: Codable, Sendable, Hashable {
        public var informationTypes: [InformationType]
    }

    public struct Description: Codable, Sendable, Hashable {
        public var description: String
    }

    public struct SystemCharacteristics: Codable, Sendable, Hashable {
        public var systemIds: [SystemID]
        public var systemName: String
        public var description: String
        public var systemInformation: SystemInformation
        public var status: ComponentStatus
        public var authorizationBoundary: Description
    }

    public struct ImportProfile: Codable, Sendable, Hashable {
        public var href: String
    }

    public struct SystemSecurityPlan: Codable, Sendable, Hashable {
        public var uuid: String
        public var metadata: Metadata
        public var importProfile: ImportProfile
        public var systemCharacteristics: SystemCharacteristics
        public var systemImplementation: SystemImplementation
        public var controlImplementation: ControlImplementation
        public var backMatter: BackMatter?
    }

    // MARK: Component definition

    public struct DefinedRequirement: Codable, Sendable, Hashable {
        public var uuid: String
        public var controlId: String
        public var description: String
    }

    public struct DefinedImplementation: Codable, Sendable, Hashable {
        public var uuid: String
        public var source: String
        public var description: String
        public var implementedRequirements: [DefinedRequirement]
    }

    public struct DefinedComponent: Codable, Sendable, Hashable {
        public var uuid: String
        public var type: String
        public var title: String
        public var description: String
        public var links: [Link]?
        public var controlImplementations: [DefinedImplementation]
    }

    public struct ComponentDefinition: Codable, Sendable, Hashable {
        public var uuid: String
        public var metadata: Metadata
        public var components: [DefinedComponent]
    }

    // MARK: Documents

    /// The top-level object of an OSCAL JSON file: one key, the model's name.
    public struct Document: Codable, Sendable, Hashable {
        public var catalog: Catalog?
        public var profile: Profile?
        public var systemSecurityPlan: SystemSecurityPlan?
        public var componentDefinition: ComponentDefinition?

        public init(
            catalog: Catalog? = nil, profile: Profile? = nil, systemSecurityPlan: SystemSecurityPlan? = nil,
            componentDefinition: ComponentDefinition? = nil
        ) {
            self.catalog = catalog
            self.profile = profile
            self.systemSecurityPlan = systemSecurityPlan
            self.componentDefinition = componentDefinition
        }
    }

    /// The JSON of a document: OSCAL's names, keys sorted, so the same model gives the same bytes.
    public static func encode(_ document: Document) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .custom { path in Key(OSCAL.hyphenated(path.last?.stringValue ?? "")) }
        return try encoder.encode(document) + Data("\n".utf8)
    }

    /// A document read back from its JSON.
    public static func decode(_ data: Data) throws -> Document {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .custom { path in Key(OSCAL.camelCased(path.last?.stringValue ?? "")) }
        return try decoder.decode(Document.self, from: data)
    }

    /// `partyUuids` → `party-uuids`.
    static func hyphenated(_ name: String) -> String {
        name.reduce(into: "") { result, character in
            if character.isUppercase { result += "-" + character.lowercased() } else { result.append(character) }
        }
    }

    /// `party-uuids` → `partyUuids`.
    static func camelCased(_ name: String) -> String {
        let words = name.split(separator: "-")
        return words.enumerated().map { $0 == 0 ? String($1) : $1.prefix(1).uppercased() + $1.dropFirst() }.joined()
    }

    private struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(_ string: String) { stringValue = string }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }
}
