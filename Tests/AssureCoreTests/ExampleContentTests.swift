import Foundation
import Testing

@testable import AssureCore

/// The example program in the repository's `content/` is what new users see first.
@Suite("The example content")
struct ExampleContentTests {
    static let project = DiskProject(root: Fixtures.repository)

    @Test func isARealisticProgramWithEveryAudience() async throws {
        let check = try await pipeline(Self.project).model()
        let portal = try #require(check.portal)
        #expect(check.diagnostics.allSatisfy { $0.severity == .note }, "\(check.diagnostics.map(\.description))")
        #expect(portal.policies.count >= 12)
        #expect(portal.controls.count >= 40)
        let audiences = Set(portal.headers.map(\.audience))
        #expect(audiences == Set(Audience.allCases))
        #expect(!portal.data.subprocessors.isEmpty)
        #expect(!portal.data.faq.isEmpty)
        #expect(Set(portal.config.principles) == [.security, .availability, .confidentiality])
    }

    @Test func coversEveryCriterionOfItsPrinciplesWithAtLeastOneReasonedExclusion() async throws {
        let portal = try #require(try await pipeline(Self.project).model().portal)
        #expect(!portal.config.exclusions.isEmpty)
        #expect(portal.config.exclusions.allSatisfy { $0.reason.count > 40 })
        for principle in portal.config.principles {
            let summary = portal.coverage.summary(for: principle)
            #expect(summary.addressed == summary.total, "\(principle) has open criteria")
            #expect(summary.gaps == 0 && summary.uncovered == 0)
        }
        #expect(portal.coverage.summary(for: .security).total == 33)
    }

    @Test func thePublicSiteHasAPagePerPublicDocumentCriterionAndPrinciple() async throws {
        let portal = try #require(try await pipeline(Self.project).model().portal)
        let site = try await buildSite(Self.project)
        #expect(site["index.html"]?.contains("Fernhill Labs Trust Center") == true)
        for header in portal.headers where header.audience == .public {
            #expect(site[SitePaths.page(for: .document(header.kind, header.id))] != nil, "\(header.id) has no page")
        }
        for header in portal.headers where header.audience != .public {
            #expect(site[SitePaths.page(for: .document(header.kind, header.id))] == nil, "\(header.id) is published")
        }
        for criterion in portal.catalog.tsc.criteria {
            #expect(site[SitePaths.page(for: .criterion(criterion.id))] != nil)
        }
        for principle in PrincipleID.allCases { #expect(site[SitePaths.principle(principle)] != nil) }
    }

    @Test func twoBuildsAreByteIdentical() async throws {
        for audience in SiteAudience.allCases {
            let first = try await buildSite(Self.project, audience: audience)
            let second = try await buildSite(Self.project, audience: audience)
            #expect(first == second)
        }
    }
}
