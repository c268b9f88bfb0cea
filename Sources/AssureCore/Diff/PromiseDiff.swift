extension PortalDiff {
    /// An answer recorded as given to a customer that held before the change and does not after.
    public struct PromiseAtRisk: Sendable, Hashable, Codable {
        public var customer: String
        public var sent: String
        public var question: String
        public var answer: String
        public var given: String
        public var why: String
    }

    /// The promises of the head's records that hold at the base and not at the head.
    static func promisesAtRisk(base: Portal?, head: Portal?) -> [PromiseAtRisk] {
        guard let head, !head.sentQuestionnaires.isEmpty else { return [] }
        var result: [PromiseAtRisk] = []
        for record in head.sentQuestionnaires {
            for promise in record.promises {
                guard let why = AnswerRules.risk(of: promise, in: head) else { continue }
                if let base, AnswerRules.risk(of: promise, in: base) != nil { continue }
                result.append(
                    PromiseAtRisk(
                        customer: record.customer, sent: record.sent.description, question: promise.question,
                        answer: promise.answer.value, given: promise.given.rawValue, why: why))
            }
        }
        return result
    }
}

extension PortalDiff.PromiseAtRisk {
    /// How a diff names it, in text and markdown alike.
    var line: String { "\(customer) was told \(given) to \(question) on \(sent) (\(answer)): \(why)" }
}
