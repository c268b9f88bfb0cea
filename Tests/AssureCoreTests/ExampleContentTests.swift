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
        #expect(portal.documents.policies.count == 15)
        #expect(portal.documents.controls.count == 56)
        #expect(portal.documents.pages.count == 2)
        let audiences = Set(portal.headers.map(\.audience))
        #expect(audiences == Set(Audience.allCases))
        #expect(!portal.data.subprocessors.isEmpty)
        #expect(!portal.data.faq.isEmpty)
        #expect(portal.scope.framework("soc2")?.groups == ["security", "availability", "confidentiality"])
        #expect(portal.scope.frameworks.map(\.id) == ["soc2", "iso27001"])
    }

    @Test func coversEveryCriterionOfItsPrinciplesWithAtLeastOneReasonedExclusion() async throws {
        let portal = try #require(try await pipeline(Self.project).model().portal)
        let exclusions = portal.scope.frameworks.flatMap(\.exclusions.values)
        #expect(!exclusions.isEmpty)
        #expect(exclusions.allSatisfy { $0.reason.count > 40 })
        for framework in portal.frameworkCoverage {
            #expect(framework.summary.addressed == framework.summary.total, "\(framework.catalog.id) has open criteria")
            #expect(framework.summary.open == 0)
        }
        #expect(portal.coverage.summary(framework: "soc2", group: "security").total == 33)
        #expect(portal.coverage.summary(framework: "iso27001").total == 93)
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
        for catalog in portal.catalog.catalogs {
            let published = portal.scope.answers(to: catalog.id)
            #expect((site[SitePaths.framework(catalog.id)] != nil) == published, "\(catalog.id)")
            for criterion in catalog.criteria {
                #expect((site[SitePaths.page(for: .criterion(criterion.key))] != nil) == published)
            }
        }
    }

    @Test func twoBuildsAreByteIdentical() async throws {
        for audience in SiteAudience.allCases {
            let first = try await buildSite(Self.project, audience: audience)
            let second = try await buildSite(Self.project, audience: audience)
            #expect(first == second)
        }
    }
}
