import Testing

@testable import AssureCore

struct ConcurrentMapTests {
    /// Every element is transformed once and its result lands at its own position, whatever
    /// the count against the number of slices.
    @Test(arguments: [0, 1, 2, 7, 8, 9, 31, 1000, 10_007])
    func resultsKeepTheElementsOrder(count: Int) {
        let numbers = Array(0..<count)
        let counted = Locked([Int](repeating: 0, count: count))
        let squares = numbers.concurrentMap { number in
            counted.withLock { $0[number] += 1 }
            return "\(number * number)"
        }
        #expect(squares == numbers.map { "\($0 * $0)" })
        #expect(counted.withLock { $0 }.allSatisfy { $0 == 1 })
    }
}
