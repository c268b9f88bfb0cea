import AssureCLI
import Dispatch
import Foundation

/// The command's exit status, handed from the task that runs it to the main thread.
final class ExitStatus: @unchecked Sendable {
    var code: Int32 = 0
}

// The command runs on the concurrency pool while the main thread waits for it. An `async`
// top level would leave the main thread for `dispatch_main`, which Valgrind cannot follow;
// this way `scripts/instructions` can count a build's instructions with callgrind.
let status = ExitStatus()
let finished = DispatchSemaphore(value: 0)
Task.detached {
    status.code = await AssureCLI.run(Array(CommandLine.arguments.dropFirst()))
    finished.signal()
}
finished.wait()
exit(status.code)
