import Foundation

extension Validator {
    /// A subprocessor added with less notice than `notice_days` promises: from the day the
    /// commit that added it was made (today, for one not yet committed) to its `effective` day.
    /// Told while the notice would still be running, so an old entry does not warn forever.
    func subprocessorNotice(_ portal: Portal) -> [Diagnostic] {
        guard let days = portal.config.noticeDays else { return [] }
        return portal.data.subprocessors.compactMap { item -> Diagnostic? in
            guard let effective = item.effective else { return nil }
            let added =
                portal.updates.subprocessorsAdded[item.name.lowercased()].map(CalendarDate.init) ?? asOf
            let notice = effective.daysSince1970 - added.daysSince1970
            guard notice < days, asOf.daysSince1970 - added.daysSince1970 < days else { return nil }
            let given = notice < 0 ? "after it started" : "\(notice) day\(notice == 1 ? "" : "s") before it starts"
            return .warning(
                .noticeTooShort,
                at: item.effectiveLocation ?? SourceLocation(path: ProjectLayout.data + "/subprocessors.yml"),
                "`\(item.name)` starts on \(effective) but was added on \(added), \(given); customers are owed "
                    + "\(days) days' notice (`notice_days`)",
                hint: "move `effective` to \(added.adding(days: days)) or later, or tell customers directly")
        }
    }
}
