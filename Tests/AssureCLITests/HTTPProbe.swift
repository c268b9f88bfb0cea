import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A minimal HTTP/1.1 client over a loopback socket, for talking to `assure serve` in tests:
/// it sends the request path exactly as given (no normalisation of `..`), and can read a
/// server-sent-event stream line by line.
///
/// Unchecked: a probe's socket and buffer are used by one test at a time, on one thread at a time.
final class HTTPProbe: @unchecked Sendable {
    let socket: Int32
    private var buffer = Data()

    init(port: Int, timeout: Double = 5) throws {
        socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var time = timeval(tv_sec: Int(timeout), tv_usec: Int((timeout - Double(Int(timeout))) * 1_000_000))
        setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &time, socklen_t(MemoryLayout<timeval>.size))
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard result == 0 else {
            close(socket)
            throw CocoaError(.fileReadUnknown)
        }
    }

    deinit { close(socket) }

    func send(_ text: String) {
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { Glibc.send(socket, $0.baseAddress, bytes.count, 0) }
    }

    /// Reads more bytes; false on timeout or end of stream.
    private func fill() -> Bool {
        var chunk = [UInt8](repeating: 0, count: 65_536)
        let count = recv(socket, &chunk, chunk.count, 0)
        guard count > 0 else { return false }
        buffer.append(contentsOf: chunk[0..<count])
        return true
    }

    /// Reads until the server closes the connection (true) or the timeout passes (false).
    func closedByServer() -> Bool {
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = recv(socket, &chunk, chunk.count, 0)
            if count == 0 { return true }
            if count < 0 { return errno == ECONNRESET }
        }
    }

    /// Reads until `marker` has arrived (or the timeout), returning everything read so far.
    func read(until marker: String) -> String {
        while !String(decoding: buffer, as: UTF8.self).contains(marker) {
            if !fill() { break }
        }
        return String(decoding: buffer, as: UTF8.self)
    }

    /// One whole response: status, headers and body (reads to the end of the connection).
    static func get(_ path: String, port: Int) throws -> (status: Int, headers: String, body: String) {
        let probe = try HTTPProbe(port: port)
        probe.send("GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        while probe.fill() {}
        let text = String(decoding: probe.buffer, as: UTF8.self)
        let parts = text.components(separatedBy: "\r\n\r\n")
        let head = parts.first ?? ""
        let status = Int(head.split(separator: " ").dropFirst().first ?? "") ?? 0
        return (status, head, parts.dropFirst().joined(separator: "\r\n\r\n"))
    }
}

extension HTTPProbe {
    /// `get` on a thread of its own: a server under test in this process runs on the same
    /// cooperative threads as the tests, so a test blocked in `recv` there could starve it.
    static func fetch(_ path: String, port: Int) async throws -> (status: Int, headers: String, body: String) {
        try await onOwnThread { try get(path, port: port) }
    }

    /// `read(until:)` on a thread of its own.
    func reading(until marker: String) async -> String {
        (try? await onOwnThread { self.read(until: marker) }) ?? ""
    }

    /// `closedByServer()` on a thread of its own.
    func waitForClose() async -> Bool {
        (try? await onOwnThread { self.closedByServer() }) ?? false
    }
}

/// Runs blocking work on a new thread, outside Swift's cooperative pool.
func onOwnThread<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread { continuation.resume(with: Result { try work() }) }.start()
    }
}
