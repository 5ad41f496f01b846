import Foundation
import NetIO

/// Where the client sends requests: a TCP address, a unix socket, or a CONNECT tunnel through a unix socket.
///
/// The tunnel is how Swiftpod reaches port N inside a workspace: it connects to the supervisor's socket, asks for
/// `CONNECT 127.0.0.1:N`, and then speaks HTTP (or anything else) through the tunnel.
public enum HTTPEndpoint: Sendable, Hashable, CustomStringConvertible {
    case tcp(SocketAddress)
    case unix(path: String)
    case tunnel(unixPath: String, target: String)

    public var description: String {
        switch self {
        case .tcp(let address): "tcp:\(address)"
        case .unix(let path): "unix:\(path)"
        case .tunnel(let path, let target): "unix:\(path) CONNECT \(target)"
        }
    }

    /// Parses a URL into an endpoint, the request target and the Host header value.
    ///
    /// `http://host:port/path?query`, and `http+unix://%2Frun%2Fengine.sock/v1.41/info` where the host is the
    /// percent-encoded socket path (the form async-http-client and Docker clients use).
    public static func parse(url text: String) throws -> (endpoint: HTTPEndpoint, target: String, host: String) {
        guard let schemeEnd = text.range(of: "://") else {
            throw HTTPClientError.invalidURL(text, "expected http:// or http+unix://")
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
            let address: SocketAddress
            do {
                address = try SocketAddress(parsing: authority.contains(":") ? authority : authority + ":80")
            } catch {
                throw HTTPClientError.invalidURL(text, "\(error)")
            }
            return (.tcp(address), target, authority)
        case "http+unix", "unix":
            guard let path = authority.removingPercentEncoding, path.hasPrefix("/") else {
                throw HTTPClientError.invalidURL(text, "the host must be a percent-encoded absolute socket path")
            }
            return (.unix(path: path), target, "localhost")
        case "https":
            throw HTTPClientError.invalidURL(text, "https is not supported by this client; use a TLS-terminating proxy")
        default:
            throw HTTPClientError.invalidURL(text, "unsupported scheme '\(scheme)'")
        }
    }
}
