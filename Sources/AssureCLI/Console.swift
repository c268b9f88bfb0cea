import Foundation

/// Where the CLI writes. A task-local so tests can capture a command's output.
public struct Console: Sendable {
    public var write: @Sendable (String) -> Void
    public var error: @Sendable (String) -> Void
    /// Whether standard output is a terminal (for progress lines).
    public var isTerminal: Bool

    public init(
        write: @escaping @Sendable (String) -> Void, error: @escaping @Sendable (String) -> Void,
        isTerminal: Bool = false
    ) {
        self.write = write
        self.error = error
        self.isTerminal = isTerminal
    }

    public static let standard = Console(
        write: { FileHandle.standardOutput.write(Data(($0 + "\n").utf8)) },
        error: { FileHandle.standardError.write(Data(($0 + "\n").utf8)) },
        isTerminal: isatty(STDOUT_FILENO) == 1)

    @TaskLocal public static var current: Console = .standard
}
