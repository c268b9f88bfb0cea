import Foundation

/// What the recent commits did to `content/`, as `SourceControl` reads it: the folder before
/// the first of them, then each commit's changed files.
public struct ContentHistory: Sendable {
    public struct Commit: Sendable {
        public var commit: String
        public var date: Date
        /// The files it changed, by project path; nil for a file it deleted.
        public var changes: [String: Data?]

        public init(commit: String, date: Date, changes: [String: Data?]) {
            self.commit = commit
            self.date = date
            self.changes = changes
        }
    }

    /// `content/` before the first commit, by project path (empty when the first commit made it).
    public var base: [String: Data]
    /// Oldest first.
    public var commits: [Commit]

    public init(base: [String: Data], commits: [Commit]) {
        self.base = base
        self.commits = commits
    }
}

/// Why a project has no updates feed: no repository, or a shallow clone.
public struct HistoryUnavailable: Error, Sendable, Hashable {
    public var reason: String
}

/// What changed for the programme's readers, commit by commit, from git: the updates page, the
/// Atom feed and `assure updates`. Each change says whom it concerns (its audience), so the
/// audience filter decides who reads it, as it does for documents.
public struct UpdateLog: Sendable, Hashable {
    /// At most this many commits that changed `content/` are read, the newest.
    public static let commitLimit = 100

    /// Newest first; commits that changed nothing a reader sees are left out.
    public var entries: [UpdateEntry] = []
    /// Why there are no entries, when the history could not be read.
    public var unavailable: String?
    /// When each subprocessor was last added (by its name, lowercased): the start of the notice
    /// its customers are owed.
    public var subprocessorsAdded: [String: Date] = [:]

    public init(entries: [UpdateEntry] = [], unavailable: String? = nil, subprocessorsAdded: [String: Date] = [:]) {
        self.entries = entries
        self.unavailable = unavailable
        self.subprocessorsAdded = subprocessorsAdded
    }
}

/// One commit's changes.
public struct UpdateEntry: Sendable, Hashable {
    public var commit: String
    public var date: Date
    /// The commit that first made the programme: what it added is told as counts.
    public var first: Bool
    public var changes: [UpdateChange]
}

/// One change, in plain words.
public struct UpdateChange: Sendable, Hashable {
    public enum Category: String, Sendable, Hashable, CaseIterable {
        case subprocessor, certification, report, framework, policy, control, page, answer, faq, evidence
    }

    public var category: Category
    /// Whom it concerns: what it is about's audience (for a change of audience, the more public
    /// of the two). A site shows it when it may show that audience's documents.
    public var audience: Audience
    /// For a reader who may see what it concerns in full.
    public var text: String
    /// For a reader who sees it by title only (a restricted document on the public site).
    public var titleOnly: String
    /// The document it concerns, whose page it links to.
    public var node: NodeRef?
    /// The data-list entry it concerns (`subprocessor:acme`, its list and name lowercased).
    public var entry: String?
    /// What it concerns, for a summary of many additions (`subprocessor`, `policy`).
    public var noun: String
    /// How many of one kind in one commit are told together: as "New: 12 answers" or
    /// "Updated: 8 answers" (`batch`'s word), rather than one line each.
    public var batch: String?
}
