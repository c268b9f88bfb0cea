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

    /// How wide a table may be: the terminal's width, else `COLUMNS`, else 120 characters.
    public var width: Int {
        var size = winsize()
        if isTerminal, ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col >= 40 { return Int(size.ws_col) }
        if let columns = ProcessInfo.processInfo.environment["COLUMNS"].flatMap(Int.init), columns >= 40 {
            return columns
        }
        return 120
    }
}
