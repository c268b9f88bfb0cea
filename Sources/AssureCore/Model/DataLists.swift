/// A company the organisation shares customer data with (`content/data/subprocessors.yml`).
public struct Subprocessor: Sendable, Hashable {
    public var name: String
    public var purpose: String
    public var location: String?
    public var data: String?
    public var website: String?
    public var audience: Audience
}

/// A certification, attestation or framework (`content/data/certifications.yml`).
public struct Certification: Sendable, Hashable {
    public var name: String
    public var status: String
    public var description: String?
    public var audience: Audience
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
