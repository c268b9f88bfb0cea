import Foundation
import Testing

@testable import AssureCore
@testable import AssurePreview

/// Which open pages reload, and what they show, as a preview goes from build to build.
@Suite("The preview's pages and reloads")
struct PreviewStateTests {
    func files(_ pages: [String: String]) -> [OutputFile] {
        pages.map { OutputFile(path: $0.key, data: Data($0.value.utf8)) }
    }

    /// The events a stream has received so far.
    func received(_ stream: AsyncStream<PreviewState.Event>) async -> [PreviewState.Event] {
        var events: [PreviewState.Event] = []
        let task = Task {
            for await event in stream { events.append(event) }
            return events
        }
        try? await Task.sleep(for: .milliseconds(50))
        task.cancel()
        return await task.value
    }

    @Test func aBrowserThatSaysItsPageReloadsOnlyWhenThatPageChanges() async {
        let state = PreviewState()
        state.publish(files(["index.html": "home", "controls/AC-01.html": "one", "404.html": "none"]))
        let (control, endControl) = state.subscribe(page: "controls/AC-01.html")
        let (home, endHome) = state.subscribe(page: "index.html")
        let (anyPage, endAny) = state.subscribe()
        let (missing, endMissing) = state.subscribe(page: "controls/AC-99.html")
        state.publish(files(["index.html": "home", "controls/AC-01.html": "two", "404.html": "none"]))
        state.publish(files(["index.html": "home", "controls/AC-01.html": "two", "404.html": "gone"]))
        for end in [endControl, endHome, endAny, endMissing] { end() }
        #expect(await received(control) == [.reload(generation: 2)])
        #expect(await received(home) == [])
        #expect(await received(anyPage) == [.reload(generation: 2), .reload(generation: 3)])
        // A page not in the site shows the 404 page: it reloads when that changes.
        #expect(await received(missing) == [.reload(generation: 3)])
    }

    @Test func aPageShownFirstReloadsOnceWhenTheBuildAgrees() async {
        let state = PreviewState()
        state.publish(files(["index.html": "three controls", "controls/AC-01.html": "old title"]))
        let (control, endControl) = state.subscribe(page: "controls/AC-01.html")
        let (home, endHome) = state.subscribe(page: "index.html")
        state.showFirst(files(["controls/AC-01.html": "new title"]))
        #expect(state.file("controls/AC-01.html") == Data("new title".utf8))
        #expect(state.file("index.html") == Data("three controls".utf8))
        state.publish(files(["index.html": "three controls, one retitled", "controls/AC-01.html": "new title"]))
        endControl()
        endHome()
        #expect(await received(control) == [.reload(generation: 2)])
        #expect(await received(home) == [.reload(generation: 3)])
    }

    @Test func aBuildThatFailsTakesThePageShownFirstBack() async {
        let state = PreviewState()
        state.publish(files(["controls/AC-01.html": "last good"]))
        let (control, endControl) = state.subscribe(page: "controls/AC-01.html")
        state.showFirst(files(["controls/AC-01.html": "edited"]))
        state.fail("AC-01 cites CC9.9, which is no criterion")
        endControl()
        #expect(state.file("controls/AC-01.html") == Data("last good".utf8))
        #expect(
            await received(control) == [
                .reload(generation: 2), .reload(generation: 3), .failed("AC-01 cites CC9.9, which is no criterion"),
            ])
    }

    /// A build after a failure clears the diagnostics of every open page, even one whose page is
    /// byte for byte the one it shows.
    @Test func aBuildAfterAFailureTellsEveryPageItIsOver() async {
        let state = PreviewState()
        state.publish(files(["controls/AC-01.html": "last good"]))
        state.fail("AC-01 cites CC9.9, which is no criterion")
        let (control, endControl) = state.subscribe(page: "controls/AC-01.html")
        #expect(state.publish(files(["controls/AC-01.html": "last good"])), "the last build had failed")
        #expect(!state.publish(files(["controls/AC-01.html": "last good"])))
        endControl()
        #expect(await received(control) == [.failed("AC-01 cites CC9.9, which is no criterion"), .recovered])
    }
}
