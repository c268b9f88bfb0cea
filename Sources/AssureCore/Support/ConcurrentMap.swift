import Dispatch
import Foundation

extension Collection where Index == Int, Self: Sendable {
    /// `map`, with the elements shared out among the cores: for work on each of thousands of
    /// files or documents inside a phase that otherwise runs on one thread. The results keep
    /// the elements' order; `transform` must be safe to run on several elements at once.
    func concurrentMap<Result: Sendable>(_ transform: @Sendable (Element) -> Result) -> [Result] {
        let count = self.count
        // A few slices per core, so that one slow slice does not leave a core idle.
        let slices = Swift.min(count, ProcessInfo.processInfo.activeProcessorCount * 4)
        guard slices > 1 else { return map(transform) }
        return [Result](unsafeUninitializedCapacity: count) { buffer, initialized in
            // Each slice writes its own elements, and the buffer outlives every slice.
            nonisolated(unsafe) let base = buffer.baseAddress!
            DispatchQueue.concurrentPerform(iterations: slices) { slice in
                for offset in slice * count / slices..<(slice + 1) * count / slices {
                    (base + offset).initialize(to: transform(self[startIndex + offset]))
                }
            }
            initialized = count
        }
    }
}
