import CSystem
import Glibc

/// Where a socket listens or connects: an IPv4 or IPv6 address and port, or a unix socket path.
public enum SocketAddress: Sendable, Hashable, CustomStringConvertible {
    case ipv4(host: String, port: UInt16)
    case ipv6(host: String, port: UInt16)
    case unix(path: String)

    /// Parses `127.0.0.1:8080`, `[::1]:8080`, `localhost:8080`, `unix:/run/x.sock` or `/run/x.sock`.
    ///
    /// Host names other than `localhost` are resolved with the system resolver, preferring IPv4.
    public init(parsing text: String) throws {
        if text.hasPrefix("unix:") {
            self = try .unixPath(String(text.dropFirst(5)))
            return
        }
        if text.hasPrefix("/") {
            self = try .unixPath(text)
            return
        }
        let host: String
        let portText: Substring
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]"), text[text.index(after: close)...].hasPrefix(":") else {
                throw NetIOError(code: .invalidAddress, message: "invalid address '\(text)': expected [IPv6]:PORT")
            }
            host = String(text[text.index(after: text.startIndex)..<close])
            portText = text[text.index(close, offsetBy: 2)...]
        } else {
            guard let colon = text.lastIndex(of: ":") else {
                throw NetIOError(code: .invalidAddress, message: "invalid address '\(text)': expected HOST:PORT")
            }
            host = String(text[..<colon])
            portText = text[text.index(after: colon)...]
        }
        guard let port = UInt16(portText) else {
            throw NetIOError(
                code: .invalidAddress, message: "invalid address '\(text)': port '\(portText)' is not a number 0-65535")
        }
        self = try SocketAddress.resolve(host: host, port: port)
    }

    /// The address for `host` (a literal, `localhost` or a name) and `port`.
    public static func resolve(host: String, port: UInt16) throws -> SocketAddress {
        if host.isEmpty || host == "localhost" { return .ipv4(host: "127.0.0.1", port: port) }
        var v4 = in_addr()
        if inet_pton(AF_INET, host, &v4) == 1 { return .ipv4(host: host, port: port) }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, host, &v6) == 1 { return .ipv6(host: host, port: port) }
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var result: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, nil, &hints, &result) == 0, let first = result else {
            throw NetIOError(code: .invalidAddress, message: "cannot resolve host '\(host)'")
        }
        defer { freeaddrinfo(result) }
        var candidate: SocketAddress?
        var entry: UnsafeMutablePointer<addrinfo>? = first
        while let current = entry {
            var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
            if current.pointee.ai_family == AF_INET, let raw = current.pointee.ai_addr {
                var address = raw.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { $0.pointee.sin_addr }
                inet_ntop(AF_INET, &address, &buffer, socklen_t(buffer.count))
                return .ipv4(host: String(nullTerminated: buffer), port: port)
            }
            if current.pointee.ai_family == AF_INET6, candidate == nil, let raw = current.pointee.ai_addr {
                var address = raw.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { $0.pointee.sin6_addr }
                inet_ntop(AF_INET6, &address, &buffer, socklen_t(buffer.count))
                candidate = .ipv6(host: String(nullTerminated: buffer), port: port)
            }
            entry = current.pointee.ai_next
        }
        guard let candidate else { throw NetIOError(code: .invalidAddress, message: "no address for host '\(host)'") }
        return candidate
    }

    private static func unixPath(_ path: String) throws -> SocketAddress {
        guard !path.isEmpty, path.utf8.count < 108 else {
            throw NetIOError(
                code: .invalidAddress, message: "invalid unix socket path '\(path)': must be 1 to 107 bytes long")
        }
        return .unix(path: path)
    }

    public var description: String {
        switch self {
        case .ipv4(let host, let port): "\(host):\(port)"
        case .ipv6(let host, let port): "[\(host)]:\(port)"
        case .unix(let path): "unix:\(path)"
        }
    }

    /// The port, for IP addresses.
    public var port: UInt16? {
        switch self {
        case .ipv4(_, let port), .ipv6(_, let port): port
        case .unix: nil
        }
    }

    var family: Int32 {
        switch self {
        case .ipv4: AF_INET
        case .ipv6: AF_INET6
        case .unix: AF_UNIX
        }
    }

    /// Calls `body` with the address as a `sockaddr`.
    func withSockAddr<Result>(_ body: (UnsafePointer<sockaddr>, socklen_t) throws -> Result) throws -> Result {
        switch self {
        case .ipv4(let host, let port):
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = port.bigEndian
            guard inet_pton(AF_INET, host, &address.sin_addr) == 1 else {
                throw NetIOError(code: .invalidAddress, message: "invalid IPv4 address '\(host)'")
            }
            return try withUnsafePointer(to: &address) {
                try $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    try body($0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
        case .ipv6(let host, let port):
            var address = sockaddr_in6()
            address.sin6_family = sa_family_t(AF_INET6)
            address.sin6_port = port.bigEndian
            guard inet_pton(AF_INET6, host, &address.sin6_addr) == 1 else {
                throw NetIOError(code: .invalidAddress, message: "invalid IPv6 address '\(host)'")
            }
            return try withUnsafePointer(to: &address) {
                try $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    try body($0, socklen_t(MemoryLayout<sockaddr_in6>.size))
                }
            }
        case .unix(let path):
            var address = sockaddr_un()
            address.sun_family = sa_family_t(AF_UNIX)
            withUnsafeMutableBytes(of: &address.sun_path) { raw in
                for (index, byte) in path.utf8.enumerated() { raw[index] = byte }
            }
            return try withUnsafePointer(to: &address) {
                try $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    try body($0, socklen_t(MemoryLayout<sockaddr_un>.size))
                }
            }
        }
    }

    /// Reads a kernel-filled socket address.
    static func from(storage: sockaddr_storage) -> SocketAddress? {
        var storage = storage
        var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        switch Int32(storage.ss_family) {
        case AF_INET:
            return withUnsafePointer(to: &storage) {
                $0.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { pointer in
                    var address = pointer.pointee.sin_addr
                    inet_ntop(AF_INET, &address, &buffer, socklen_t(buffer.count))
                    return .ipv4(
                        host: String(nullTerminated: buffer), port: UInt16(bigEndian: pointer.pointee.sin_port))
                }
            }
        case AF_INET6:
            return withUnsafePointer(to: &storage) {
                $0.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { pointer in
                    var address = pointer.pointee.sin6_addr
                    inet_ntop(AF_INET6, &address, &buffer, socklen_t(buffer.count))
                    return .ipv6(
                        host: String(nullTerminated: buffer), port: UInt16(bigEndian: pointer.pointee.sin6_port))
                }
            }
        case AF_UNIX:
            return withUnsafePointer(to: &storage) {
                $0.withMemoryRebound(to: sockaddr_un.self, capacity: 1) { pointer in
                    var path = pointer.pointee.sun_path
                    let text = withUnsafeBytes(of: &path) { raw in
                        String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
                    }
                    return .unix(path: text)
                }
            }
        default:
            return nil
        }
    }
}

extension String {
    /// Decodes a NUL-terminated C character buffer.
    init(nullTerminated buffer: [CChar]) {
        self = String(decoding: buffer.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
