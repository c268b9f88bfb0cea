/// What each template reads, as types: the property names are the template's keys, and an
/// absent optional reaches the template as `false` (see `TemplateEncoder`). `PageContexts`
/// fills them in from a `PortalView`.
enum TemplateContext {
    // MARK: - Every page

    /// `page`, `site` and the page's own keys, which the layout and the page template read.
    struct Page<Content: Encodable>: Encodable {
        /// A `Site`, encoded once for every page of its folder (`PageContexts.page`).
        var site: EncodedContext
        var page: PageInfo
        var content: Content

        private enum Keys: String, CodingKey { case site, page }

        func encode(to encoder: any Encoder) throws {
            try content.encode(to: encoder)
            var container = encoder.container(keyedBy: Keys.self)
            try container.encode(site, forKey: .site)
            try container.encode(page, forKey: .page)
        }
    }

    struct Site: Encodable {
        var title: String
        var organization: String
        /// The prefix back to the site root from this page (`""`, `"../"`).
        var root: String
        var nav: [NavItem]
        var isAuditor: Bool
        var feed: String?
        var contactEmail: String?
        var logo: String?
        var favicon: String?
        var brandCSS: String?
        /// "Readiness: 42 criteria in scope are not yet met", on every page of a programme
        /// built with its gaps (`--allow-gaps`); nil otherwise.
        var readiness: String?
    }

    /// A menu entry, or a group of them (`menu:` on pages).
    struct NavItem: Encodable {
        var title: String
        var href: String?
        var current: Bool
        var isGroup: Bool
        var items: [NavItem]?
    }

    struct PageInfo: Encodable {
        var title: String
        var description: String?
        /// Site-root-relative scripts the page runs; the page's CSP allows the site's own
        /// scripts only when there are some.
        var scripts: [String]
        var hasScripts: Bool
    }

    /// A grant's page as published: the sealed document and the salt its key is derived with.
    struct Gated: Encodable {
        var salt: String
        var sealed: String
        var noindex: Bool
    }

    /// A page with nothing of its own but whether search engines should skip it.
    struct Plain: Encodable {
        var noindex: Bool
    }

    // MARK: - Parts

    /// A document or criterion in a list; a restricted one has no `href` and may have `request`.
    struct Item: Encodable {
        var title: String
        var href: String?
        var summary: String?
        var status: String?
        var statusID: String?
        var request: String?
        /// In backlinks: "policy", "control narrative", "criterion".
        var kind: String?
    }

    struct Link: Encodable {
        var text: String
        var href: String?
        var last: Bool
    }

    /// A row of a document's details: a value, or links.
    struct Meta: Encodable {
        var label: String
        var value: String?
        var links: [Link]?
        var wide: Bool
    }

    struct Backlinks: Encodable {
        var backlinks: [Item]
        var hasBacklinks: Bool
    }

    struct History: Encodable {
        struct Entry: Encodable {
            var date: String
            var commit: String
            var author: String
            var subject: String
        }
        var entries: [Entry]?
        var hasEntries: Bool
        var detailed: Bool
        var note: String
    }

    struct HistoryFields: Encodable {
        var history: History
        var lastChanged: String?
    }

    typealias DocumentExtras = Merged<Backlinks, HistoryFields>

    struct TocEntry: Encodable {
        var level: Int
        var anchor: String
        var text: String
    }

    // MARK: - Coverage

    struct Figures: Encodable {
        var total: Int
        var addressed: Int
        var covered: Int
        /// Left out of a sentence when zero.
        var excluded: Int?
        var open: Int?
        /// The coverage bar: one cell per criterion, covered first, then excluded, then open,
        /// drawn by the stylesheet alone (no inline style, no SVG).
        var bar: [Cell]

        struct Cell: Encodable {
            var state: String
        }
    }

    struct FrameworkInfo: Encodable {
        var name: String
        var fullName: String
        var frameworkID: String
        var href: String
        /// The selected groups in scope, as text ("Security, Availability").
        var groups: String?
        /// Until an auditor has reported, the figures are the organisation's own.
        var selfAssessed: Bool
    }

    typealias FrameworkSummary = Merged<Figures, FrameworkInfo>

    struct CoverageControl: Encodable {
        var id: String
        var title: String
        var href: String
        var open: Bool
        var state: String
        var last: Bool
    }

    struct CoverageRow: Encodable {
        var id: String
        var title: String
        var href: String
        var status: String
        var statusID: String
        var controls: [CoverageControl]
        /// Controls that meet it, shown by title only, with where to ask for each.
        var onRequest: [Item]
        var exclusion: String?
        var hiddenControls: Bool
    }

    struct Family: Encodable {
        var name: String
        var familyID: String
        var controls: [Item]
        var count: Int
        var countLabel: String
        var shown: Int
        var hasShown: Bool
        var onRequest: Int?
        /// Controls of the family that are partial or planned, shown or not.
        var notImplemented: Int?
    }

    // MARK: - Pages

    struct Home: Encodable {
        struct Organization: Encodable {
            var name: String
            var description: String?
        }
        struct Report: Encodable {
            var type: String
            var status: String
            var statusID: String
            var period: String?
            var periodLabel: String
            var auditor: String?
            var issued: String?
        }
        struct Subprocessor: Encodable {
            var name: String
            var purpose: String
            var data: String
            var location: String
            /// "15 January 2027": the day it starts processing, when the list gives one.
            var from: String?
        }
        struct Certification: Encodable {
            var name: String
            var status: String
            var description: String?
        }
        struct Question: Encodable {
            var question: String
            var answer: String
        }
        struct Contact: Encodable {
            var email: String?
            var securityEmail: String?
            var url: String?
        }
        var organization: Organization
        var report: Report?
        var frameworks: [FrameworkSummary]
        var families: [Family]
        var hasFamilies: Bool
        var policies: [Item]
        var hasPolicies: Bool
        var subprocessors: [Subprocessor]
        var hasSubprocessors: Bool
        var certifications: [Certification]
        var hasCertifications: Bool
        var faq: [Question]
        var hasFAQ: Bool
        var contact: Contact
        var hasContact: Bool
    }

    struct Policy: Encodable {
        var id: String
        var title: String
        var summary: String?
        var meta: [Meta]
        var body: String
        var toc: [TocEntry]
        var hasToc: Bool
        var controls: [Item]
        var hasControls: Bool
        /// "18 controls implement this policy: 3 shown here, 15 available on request."
        var controlCount: String?
    }

    struct Control: Encodable {
        var id: String
        var title: String
        var summary: String?
        var family: String
        var status: String
        var statusID: String
        var meta: [Meta]
        var body: String
        var evidence: [String]
        var hasEvidence: Bool
    }

    struct FreePage: Encodable {
        var title: String
        var summary: String?
        var body: String
    }

    struct Criterion: Encodable {
        var id: String
        var title: String
        var series: String
        var catalog: String
        var framework: String
        var text: String?
        var inScope: Bool
        var status: String
        var statusID: String
        /// HIPAA: "Required", "Addressable for …".
        var implementation: String?
        var exclusion: String?
        var alternative: String?
        var groupHref: String
        var groupName: String
        var controls: [Item]
        var hasControls: Bool
        var noControls: String
        var policies: [Item]
        var hasPolicies: Bool
    }

    struct Framework: Encodable {
        struct Group: Encodable {
            var groupID: String
            var name: String
            var inScope: Bool
            /// A group left out of a framework the programme answers to: one line, not a table
            /// of criteria that are not assessed.
            var outOfScope: Bool
            var rows: [CoverageRow]
        }
        struct Download: Encodable {
            var href: String
        }
        var name: String
        var version: String?
        var inScope: Bool
        var summary: FrameworkSummary?
        var groups: [Merged<Figures, Group>]
        /// The Statement of Applicability, on the auditor site.
        var soa: Download?
    }

    struct StatementOfApplicability: Encodable {
        struct Control: Encodable {
            var id: String
            var href: String
            var state: String
            var last: Bool
        }
        struct Row: Encodable {
            var id: String
            var title: String
            var href: String
            var group: String
            var applicable: String
            var justification: String
            var status: String
            var statusID: String
            var controls: [Control]
        }
        var framework: String
        var frameworkHref: String
        var rows: [Row]
        var csv: String
        var applicable: Int
        var total: Int
    }

    struct CriteriaIndex: Encodable {
        struct Downloads: Encodable {
            var csv: String
            var json: String
        }
        struct Other: Encodable {
            var name: String
            var href: String
        }
        var frameworks: [FrameworkSummary]
        var downloads: Downloads?
        var others: [Other]
        var hasOthers: Bool
    }

    struct PoliciesIndex: Encodable {
        var policies: [Item]
        var count: Int
        var countLabel: String
    }

    struct ControlsIndex: Encodable {
        var families: [Family]
        var count: Int
        var countLabel: String
    }

    struct Register: Encodable {
        struct Row: Encodable {
            var id: String
            var title: String
            var kind: String
            var href: String
            var owner: String
            var version: String
            var effective: String
            var lastReviewed: String
            var nextReview: String
            var approvedBy: String
            var status: String
            var audience: String
            var path: String
            var lastChanged: String
            var lastCommit: String
            var evidence: String?
            var evidenceHref: String?
        }
        var documents: [Row]
        var count: Int
    }

    // MARK: - Evidence (auditor site)

    struct Record: Encodable {
        struct Artifact: Encodable {
            var name: String
            var href: String
        }
        var performed: String
        var from: String
        var to: String
        var performer: String
        var reviewer: String
        var result: String
        var isException: Bool
        var exception: String
        var remediation: String
        var control: String
        var controlHref: String
        var artifacts: [Artifact]
    }

    /// An exception in the list of all of them: the record and its control's title.
    struct Titled: Encodable {
        var title: String
    }

    struct EvidenceIndex: Encodable {
        struct Row: Encodable {
            var id: String
            var title: String
            var href: String
            var frequency: String
            var summary: String
            var gaps: Int
            var hasGaps: Bool
            var records: Int
            var exceptions: Int
        }
        var period: String
        var rows: [Row]
        var count: Int
        var gapCount: Int
        var exceptionsHref: String
    }

    struct ControlEvidence: Encodable {
        struct Occurrence: Encodable {
            var label: String
            var from: String
            var to: String
            var collected: Bool
            var records: [Record]
        }
        var id: String
        var title: String
        var href: String
        var frequency: String
        var summary: String
        var entries: [Occurrence]
        var population: [Record]
        var count: Int
        var csv: String
        var source: String
    }

    struct Exceptions: Encodable {
        var rows: [Merged<Record, Titled>]
        var count: Int
        var hasRows: Bool
    }
}
