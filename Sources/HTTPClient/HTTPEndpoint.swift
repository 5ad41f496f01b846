import Foundation
import NetIO

/// Where the client sends requests: a TCP address, TLS over TCP, a unix socket, or a CONNECT tunnel through a unix
/// socket.
///
/// The tunnel is how Swiftpod reaches port N inside a workspace: it connects to the supervisor's socket, asks for
/// `CONNECT 127.0.0.1:N`, and then speaks HTTP (or anything else) through the tunnel.
public enum HTTPEndpoint: Sendable, Hashable, CustomStringConvertible {
    case tcp(SocketAddress)
    /// TLS over TCP to `address`, verifying that the server's certificate names `serverName` (a DNS name, or the IP
    /// address itself), which also goes out as SNI when it is a name.
    case tls(SocketAddress, serverName: String)
    case unix(path: String)
    case tunnel(unixPath: String, target: String)

    public var description: String {
        switch self {
        case .tcp(let address): "tcp:\(address)"
        case .tls(let address, let serverName): "tls:\(address) (\(serverName))"
        case .unix(let path): "unix:\(path)"
        case .tunnel(let path, let target): "unix:\(path) CONNECT \(target)"
        }
    }

    /// Parses a URL into an endpoint, the request target and the Host header value.
    ///
    /// `http://host:port/path?query`, `https://host:port/path?query` (port 443 by default; `host` may be a name, an
    /// IPv4 address or a bracketed IPv6 address), and `http+unix://%2Frun%2Fengine.sock/v1.41/info` where the host is
    /// the percent-encoded socket path (the form async-http-client and Docker clients use).
    public static func parse(url text: String) throws -> (endpoint: HTTPEndpoint, target: String, host: String) {
        guard let schemeEnd = text.range(of: "://") else {
            throw HTTPClientError.invalidURL(text, "expected http://, https:// or http+unix://")
        }
        let scheme = text[..<schemeEnd.lowerBound].lowercased()
        let rest = text[schemeEnd.upperBound...]
        let authorityEnd = rest.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) ?? rest.endIndex
        let authority = String(rest[..<authorityEnd])
        var target = String(rest[authorityEnd...])
        if let hash = target.firstIndex(of: "#") { target = String(target[..<hash]) }
        if target.isEmpty { target = "/" } else if target.hasPrefix("?") { target = "/" + target }
        guard !authority.isEmpty else { throw HTTPClientError.invalidURL(text, "the host is missing") }
        guard !authority.contains("@") else {
            throw HTTPClientError.invalidURL(text, "credentials in the URL are not supported")
        }
        guard target.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else {
            throw HTTPClientError.invalidURL(text, "the path has spaces, control or non-ASCII characters")
        }
        switch scheme {
        case "http":
            let (host, port) = try hostAndPort(authority, defaultPort: 80, url: text)
            return (.tcp(try resolve(host: host, port: port, url: text)), target, authority)
        case "https":
            let (host, port) = try hostAndPort(authority, defaultPort: 443, url: text)
            return (.tls(try resolve(host: host, port: port, url: text), serverName: host), target, authority)
        case "http+unix", "unix":
            guard let path = authority.removingPercentEncoding, path.hasPrefix("/") else {
                throw HTTPClientError.invalidURL(text, "the host must be a percent-encoded absolute socket path")
            }
            return (.unix(path: path), target, "localhost")
        default:
            throw HTTPClientError.invalidURL(text, "unsupported scheme '\(scheme)'")
        }
    }

    /// Splits `host:port`, `host`, `[v6]:port` or `[v6]` into a lowercased host (without brackets) and a port.
    private static func hostAndPort(
        _ authority: String, defaultPort: UInt16, url: String
    ) throws -> (host: String, port: UInt16) {
        let host: Substring
        let portText: Substring?
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else {
                throw HTTPClientError.invalidURL(url, "the IPv6 address has no closing ']'")
            }
            host = authority[authority.index(after: authority.startIndex)..<close]
            let rest = authority[authority.index(after: close)...]
            guard rest.isEmpty || rest.hasPrefix(":") else {
                throw HTTPClientError.invalidURL(url, "expected ':PORT' after the IPv6 address")
            }
            portText = rest.isEmpty ? nil : rest.dropFirst()
        } else if let colon = authority.lastIndex(of: ":") {
            host = authority[..<colon]
            portText = authority[authority.index(after: colon)...]
        } else {
            host = Substring(authority)
            portText = nil
        }
        guard !host.isEmpty else { throw HTTPClientError.invalidURL(url, "the host is missing") }
        guard let portText else { return (host.lowercased(), defaultPort) }
        guard let port = UInt16(portText), port > 0 else {
            throw HTTPClientError.invalidURL(url, "port '\(portText)' is not a number 1-65535")
        }
        return (host.lowercased(), port)
    }

    private static func resolve(host: String, port: UInt16, url: String) throws -> SocketAddress {
        do {
            return try SocketAddress.resolve(host: host, port: port)
        } catch {
            throw HTTPClientError.invalidURL(url, "\(error)")
        }
    }
}
