/// A company the organisation shares customer data with (`content/data/subprocessors.yml`).
public struct Subprocessor: Sendable, Hashable {
    public var name: String
    public var purpose: String
    public var location: String?
    public var data: String?
    public var website: String?
    /// The day it starts processing customer data; customers are owed notice before it
    /// (`notice_days` in assure.yml).
    public var effective: CalendarDate?
    /// Where `effective` was written.
    public var effectiveLocation: SourceLocation?
    public var audience: Audience

    /// The keys an entry may have.
    static let fields = ["name", "purpose", "location", "data", "website", "effective", "audience"]

    /// The fields `assure diff` and the updates feed compare, as text.
    var comparedValues: [String: String?] {
        [
            "purpose": purpose, "location": location, "data": data, "website": website,
            "effective": effective?.description,
        ]
    }
}

/// A certification, attestation or framework (`content/data/certifications.yml`).
public struct Certification: Sendable, Hashable {
    public var name: String
    public var status: String
    public var description: String?
    public var audience: Audience

    static let fields = ["name", "status", "description", "audience"]

    var comparedValues: [String: String?] { ["status": status, "description": description] }
}

/// A question and answer for the trust page (`content/data/faq.yml`). The answer is markdown.
public struct FAQEntry: Sendable, Hashable {
    public var question: String
    public var answer: MarkdownBody
    public var audience: Audience
    public var path: String
}

/// Everything read from `content/data/`.
public struct DataLists: Sendable, Hashable {
    public var subprocessors: [Subprocessor] = []
    public var certifications: [Certification] = []
    public var faq: [FAQEntry] = []

    public init() {}
}
