import Foundation

extension TemplateContext {
    struct AnswerPage: Encodable {
        var id: String
        var title: String
        var summary: String?
        var value: String
        var valueID: String
        var meta: [Meta]
        var body: String
        /// The auditor site's: whether the controls back the answer, and what to know.
        var standing: Standing?
    }

    struct Standing: Encodable {
        var holds: Bool
        var failures: [String]
        var warnings: [String]
        var hasWarnings: Bool
    }

    struct AnswersIndex: Encodable {
        struct Group: Encodable {
            var name: String
            var anchor: String
            var answers: [Item]
        }
        struct Row: Encodable {
            var id: String
            var title: String
            var href: String
            var value: String
            var valueID: String
            var controls: [Link]
            var reviewed: String
            var nextReview: String
            var standing: Standing
        }
        var groups: [Group]
        var count: Int
        var countLabel: String
        var counts: String
        /// The auditor site's register of every answer with its backing.
        var register: [Row]
        var hasRegister: Bool
    }
}

extension PageContexts {
    func answer(_ answer: Answer) -> T.Page<Merged<T.AnswerPage, T.DocumentExtras>> {
        let node = NodeRef.document(.answer, answer.header.id)
        let path = SitePaths.page(for: node)
        let label = DocumentKind.answer.label
        let backing = view.links.references(of: node, by: .backedBy)
        let meta =
            [
                self.meta(label("id"), answer.header.id),
                backedBy(answer, shown: backing),
                self.meta(label("ownership"), answer.ownership?.displayName),
                self.meta(label("applies_to"), answer.questions.map(\.description).joined(separator: ", ")),
                self.meta(label("aliases"), answer.aliases.joined(separator: "; ")),
                self.meta(label("reviewed"), answer.reviewed?.longForm),
                self.meta("Next review", answer.nextReview?.longForm),
                view.audience == .auditor ? self.meta(label("audience"), answer.header.audience.rawValue) : nil,
            ].compactMap { $0 } + criteriaMeta(answer.criteria)
        let content = T.AnswerPage(
            id: answer.header.id, title: answer.header.title, summary: answer.header.summary,
            value: answer.answer.displayName, valueID: "answer-" + answer.answer.rawValue, meta: meta,
            body: body(answer.body, of: .document(.answer, answer.header.id), path: path),
            standing: view.answerStandings[answer.header.id].map(standing))
        return page(
            path, section: "answers", title: answer.header.title, description: answer.header.summary,
            Merged(content, extras(answer.header, node: node, excluding: Set(backing))))
    }

    /// The controls and policies behind an answer: those the site shows, linked; those it shows
    /// by title only, named as available on request; the rest left out.
    private func backedBy(_ answer: Answer, shown: [NodeRef]) -> T.Meta? {
        let titleOnly = answer.backedBy.compactMap { item in
            view.stubs.first { $0.id == item.value && ($0.kind == .control || $0.kind == .policy) }
        }
        var links = self.links(shown)
        for (index, stub) in titleOnly.enumerated() {
            if !links.isEmpty { links[links.count - 1].last = false }
            links.append(T.Link(text: "\(stub.title) (on request)", href: nil, last: index == titleOnly.count - 1))
        }
        return links.isEmpty ? nil : T.Meta(label: DocumentKind.answer.label("backed_by"), links: links, wide: true)
    }

    func standing(_ standing: AnswerStanding) -> T.Standing {
        T.Standing(
            holds: standing.holds, failures: standing.failures.map(\.summary),
            warnings: standing.warnings.map(\.summary),
            hasWarnings: !standing.warnings.isEmpty)
    }

    /// Every answer the site shows, grouped by the domain of the first standard question each
    /// answers; on the auditor site, the register of every answer with its backing.
    func answersIndex() -> T.Page<T.AnswersIndex> {
        let answers = view.documents.answers
        var groups: [(name: String, items: [T.Item])] = []
        func add(_ item: T.Item, to name: String) {
            if let index = groups.firstIndex(where: { $0.name == name }) {
                groups[index].items.append(item)
            } else {
                groups.append((name, [item]))
            }
        }
        let standard = view.questionnaires.standard
        let domainOrder = standard.flatMap { $0.domains.map(\.name) }
        for answer in answers {
            let domain = answer.questions.lazy.compactMap { question in
                self.view.questionnaires[question.questionnaire]?.domain(of: question.question)?.name
            }.first
            add(item(.document(.answer, answer.header.id)), to: domain ?? "Other questions")
        }
        for stub in view.stubs where stub.kind == .answer { add(stubItem(stub), to: "Available on request") }
        groups.sort { (domainOrder.firstIndex(of: $0.name) ?? .max) < (domainOrder.firstIndex(of: $1.name) ?? .max) }
        let count = answers.count + view.stubs.filter { $0.kind == .answer }.count
        let shown = AnswerValue.allCases.compactMap { value -> String? in
            let number = answers.filter { $0.answer == value }.count
            return number == 0 ? nil : "\(number) \(value.displayName.lowercased())"
        }
        let requested = view.stubs.filter { $0.kind == .answer }.count
        let counts = (shown + (requested > 0 ? ["\(requested) on request"] : [])).joined(separator: ", ")
        let register = view.audience == .auditor ? answers.map(registerRow) : []
        return page(
            SitePaths.answers, section: "answers", title: "Questionnaire answers",
            T.AnswersIndex(
                groups: groups.map {
                    T.AnswersIndex.Group(name: $0.name, anchor: Slug.anchor(for: $0.name), answers: $0.items)
                },
                count: count, countLabel: count == 1 ? "answer" : "answers", counts: counts, register: register,
                hasRegister: !register.isEmpty))
    }

    private func registerRow(_ answer: Answer) -> T.AnswersIndex.Row {
        let node = NodeRef.document(.answer, answer.header.id)
        let standing = view.answerStandings[answer.header.id] ?? AnswerStanding()
        let controls = standing.controls.enumerated().map { index, control in
            T.Link(
                text: "\(control.id) (\(control.status.displayName.lowercased()))",
                href: view.control(control.id) != nil ? SitePaths.page(for: .document(.control, control.id)) : nil,
                last: index == standing.controls.count - 1)
        }
        return T.AnswersIndex.Row(
            id: answer.header.id, title: answer.header.title, href: SitePaths.page(for: node),
            value: answer.answer.displayName, valueID: "answer-" + answer.answer.rawValue, controls: controls,
            reviewed: answer.reviewed?.description ?? "never", nextReview: answer.nextReview?.description ?? "",
            standing: self.standing(standing))
    }
}
