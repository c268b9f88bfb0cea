import Foundation
import Testing

@testable import AssureCore

/// The pieces of the OSCAL export no schema validator judges: version 5 UUIDs, the token
/// mapping of criterion IDs, and the export's check of its own references.
@Suite("OSCAL export: identity and self-check")
struct OSCALExportTests {
    static let dnsNamespace: [UInt8] = [
        0x6b, 0xa7, 0xb8, 0x10, 0x9d, 0xad, 0x11, 0xd1, 0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4, 0x30, 0xc8,
    ]

    /// The same UUIDs Python's `uuid.uuid5` gives: RFC 4122's example namespace, and a
    /// project's (the example's `base_url`, then a control's stable name in it).
    @Test func uuidsAreVersion5AsRFC4122DefinesThem() {
        #expect(
            OSCALIdentity.format(OSCALIdentity.bytes(namespace: Self.dnsNamespace, name: "python.org"))
                == "886313e1-3b8a-5372-9b90-0c9aee199e5d")
        let project = OSCALIdentity.bytes(
            namespace: OSCALIdentity.urlNamespace, name: "https://trust.fernhill.example")
        #expect(OSCALIdentity.format(project) == "1635c9e0-2ead-5216-8d41-fa7cb886fb62")
        #expect(
            OSCALIdentity.format(OSCALIdentity.bytes(namespace: project, name: "component:control:AC-01"))
                == "9308d118-d790-5f06-b9cb-3b5f0b7c55f6")
    }

    /// Every criterion of every built-in catalog has a token that reads back to its ID, and no
    /// two criteria of one catalog share a token; IDs that are tokens already stay as they are.
    @Test func everyBuiltInCriterionHasAReversibleToken() {
        var mapped = 0
        for catalog in CriteriaCatalog.builtIn.catalogs {
            var seen: Set<String> = []
            for criterion in catalog.criteria {
                let token = OSCALToken.control(criterion.id)
                #expect(token.map(OSCALToken.isToken) == true, "\(criterion.key)")
                #expect(token.map(OSCALToken.criterion) == criterion.id, "\(criterion.key) → \(token ?? "nil")")
                #expect(seen.insert(token ?? "").inserted, "\(criterion.key)")
                if token != criterion.id { mapped += 1 }
            }
        }
        #expect(mapped == 65, "HIPAA's paragraph IDs, and only they, are mapped")
        #expect(OSCALToken.control("164.312(a)(2)(iv)") == "_164.312_a_2_iv")
        #expect(OSCALToken.control("CC6.1") == "CC6.1")
        #expect(OSCALToken.control("GV.OC-01") == "GV.OC-01")
        // An ID with no reversible token is refused, not mangled.
        #expect(OSCALToken.control("A 1") == nil)
        #expect(OSCALToken.control("_x") == nil)
        #expect(OSCALToken.control("a(b_c)") == nil)
        #expect(OSCALToken.role("Head of Engineering") == "head-of-engineering")
        #expect(OSCALToken.role("2nd-line Risk") == "role-2nd-line-risk")
    }

    /// Hand-made documents with every fault the export checks for, each reported once.
    @Test func theSelfCheckFindsDuplicateUUIDsAndDanglingReferences() throws {
        let catalog =
            #"{"catalog": {"uuid": "c1", "groups": [{"id": "g", "controls": [{"id": "x.1"}, {"id": "x.2"}]}]}}"#
        let profile = """
            {"profile": {"uuid": "p1",
              "imports": [{"href": "c.json", "include-controls": [{"with-ids": ["x.1", "x.9"]}]}]}}
            """
        let plan = """
            {"system-security-plan": {"uuid": "s1",
              "metadata": {"roles": [{"id": "owner"}], "parties": [{"uuid": "o1"}]},
              "import-profile": {"href": "p.json"},
              "system-implementation": {"components": [{"uuid": "k1", "responsible-roles": [{"role-id": "owner"}],
                "links": [{"href": "#r1"}, {"href": "#r2"}]}]},
              "control-implementation": {"implemented-requirements": [
                {"uuid": "i1", "control-id": "x.1", "by-components": [{"component-uuid": "k1", "uuid": "b1",
                  "responsible-roles": [{"role-id": "nobody"}]}]},
                {"uuid": "i1", "control-id": "x.2", "by-components": [{"component-uuid": "k9", "uuid": "b2"}]}]},
              "back-matter": {"resources": [{"uuid": "r1"}]}}}
            """
        let orphan = #"{"profile": {"uuid": "p2", "imports": [{"href": "gone.json", "include-controls": []}]}}"#
        let files = [("c.json", catalog), ("p.json", profile), ("s.json", plan), ("o.json", orphan)].map {
            OutputFile(path: $0.0, data: Data($0.1.utf8))
        }
        let problems = OSCALSelfCheck.problems(in: files)
        #expect(
            problems == [
                "p.json: control x.9 is named, but no profile and catalog of the export select it",
                "s.json: the UUID i1 is used twice",
                "s.json: a reference to role nobody, which the document does not declare",
                "s.json: a reference to component k9, which the document does not declare",
                "s.json: a reference to resource r2, which the document does not declare",
                "s.json: control x.2 is named, but no profile and catalog of the export select it",
                "o.json: it imports gone.json, which the export does not hold",
            ], "\(problems)")
        #expect(throws: OutputError.self) { try OSCALSelfCheck.check(files) }
        #expect(OSCALSelfCheck.problems(in: Array(files.prefix(1))).isEmpty)
    }
}
