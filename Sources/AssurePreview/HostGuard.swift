import AssureCore

/// Refuses requests addressed to a name other than this machine's, which is how a web page
/// reads a local server through DNS rebinding: its own name made to resolve to 127.0.0.1
/// arrives here in the `Host` header. An IP address or `localhost` cannot be rebound, so those
/// are the only names accepted, and only with the port the server listens on.
final class HostGuard: Sendable {
    private let port = Locked<Int?>(nil)

    /// Set once the server listens (the port may have been chosen by the system).
    func listening(on port: Int) { self.port.withLock { $0 = port } }

    /// Whether a `Host` header (`127.0.0.1:8080`, `localhost:8080`, `[::1]:8080`) names this server.
    func accepts(host authority: String?) -> Bool {
        guard let authority, let port = port.withLock({ $0 }) else { return false }
        let (host, written) = Self.split(authority)
        guard let host, Self.isUnrebindable(host) else { return false }
        return written == nil || written == port
    }

    /// Whether an `Origin` header, when a browser sends one, is a page of this server.
    func accepts(origin: String?) -> Bool {
        guard let origin else { return true }
        guard origin.hasPrefix("http://") else { return false }
        return accepts(host: String(origin.dropFirst("http://".count)))
    }

    /// Host and port of an authority; the port is nil when none is written.
    static func split(_ authority: String) -> (host: String?, port: Int?) {
        var host = Substring(authority.lowercased())
        var port: Int?
        if host.hasPrefix("[") {
            guard let close = host.firstIndex(of: "]") else { return (nil, nil) }
            let rest = host[host.index(after: close)...]
            host = host[...close]
            if !rest.isEmpty {
                guard rest.hasPrefix(":"), let number = Int(rest.dropFirst()) else { return (nil, nil) }
                port = number
            }
        } else if let colon = host.lastIndex(of: ":") {
            guard let number = Int(host[host.index(after: colon)...]) else { return (nil, nil) }
            port = number
            host = host[..<colon]
        }
        return (String(host), port)
    }

    /// `localhost`, a dotted IPv4 address or a bracketed IPv6 address.
    static func isUnrebindable(_ host: String) -> Bool {
        if host == "localhost" { return true }
        if host.hasPrefix("[") && host.hasSuffix("]") {
            return host.dropFirst().dropLast().allSatisfy { $0.isHexDigit || $0 == ":" || $0 == "." }
        }
        let parts = host.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4
            && parts.allSatisfy { part in
                !part.isEmpty && part.count <= 3 && part.allSatisfy(\.isASCII)
                    && Int(part).map { (0...255).contains($0) } == true
            }
    }
}
