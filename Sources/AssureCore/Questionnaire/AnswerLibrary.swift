import Foundation

/// The answer library of a resolved programme, as `assure questionnaire` uses it: which answers
/// hold, what each says to a customer, and who may be given it.
public struct AnswerLibrary: Sendable {
    public let portal: Portal
    private let publicView: PortalView
    private let auditorView: PortalView

    public init(portal: Portal) {
        self.portal = portal
        publicView = AudienceFilter(audience: .public).apply(to: portal)
        auditorView = AudienceFilter(audience: .auditor).apply(to: portal)
    }

    public var answers: [Answer] { portal.documents.answers }

    /// The answer's text as the customer reads it: the body with its references as the site
    /// that shows it names them, without markup.
    public func text(of answer: Answer) -> String {
        let view = answer.header.audience == .public ? publicView : auditorView
        let html = BodyHTML.render(answer.body, links: view.referenceLinks(of: answer.body), root: "")
        return SearchIndex.plainText(html)
    }

    /// Nil when `customer` may be given the answer, else why not: public answers go to anyone,
    /// restricted ones to a customer with a live access grant (an NDA), others to nobody.
    public func refusal(of answer: Answer, to customer: String?, on day: CalendarDate) -> String? {
        switch answer.header.audience {
        case .public:
            return nil
        case .restricted:
            guard let customer else {
                return "the answer is restricted: name a customer with an NDA (--customer)"
            }
            let live = portal.grants.contains {
                $0.customer.lowercased() == customer.lowercased() && $0.isLive(on: day)
            }
            return live ? nil : "the answer is restricted and \(customer) has no live access grant (content/access/)"
        default:
            return "the answer's audience is \(answer.header.audience.rawValue): it is never given to customers"
        }
    }

    /// What to write into `file`, row by row.
    public func plan(
        _ file: some QuestionnaireFile, questionnaire key: String?, customer: String?, on day: CalendarDate
    ) throws -> FillPlan {
        let layout = try QuestionnaireFill.locate(in: file, questionnaires: portal.questionnaires, key: key)
        return QuestionnaireFill.plan(
            file, layout: layout, answers: answers, standings: portal.answerStandings, texts: text(of:),
            mayRead: { refusal(of: $0, to: customer, on: day) })
    }

    /// A questionnaire file by its name's extension: `.xlsx` or `.csv`.
    public static func open(_ data: Data, name: String) throws -> any QuestionnaireFile {
        switch (name as NSString).pathExtension.lowercased() {
        case "xlsx", "xlsm": return try XLSXFile(data: data)
        case "csv": return try CSVFile(data: data, name: (name as NSString).lastPathComponent)
        default: throw SpreadsheetError("\(name) is neither .xlsx nor .csv; save the questionnaire as one of them")
        }
    }
}
