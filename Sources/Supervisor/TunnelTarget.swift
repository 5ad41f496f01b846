import HTTP
import HTTPServer
import NetIO

/// Where a `CONNECT` request through the supervisor may lead: a port on the workspace's own loopback, nothing else.
public enum TunnelTarget {
    /// The loopback address for an authority-form target: `127.0.0.1:N`, `localhost:N` or `[::1]:N`.
    /// - Throws: 400 for a target that does not parse, 403 for any host that is not loopback.
    public static func address(for authority: String) throws -> SocketAddress {
        let host: Substring
        let portText: Substring
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]"),
                authority[authority.index(after: close)...].hasPrefix(":")
            else { throw HTTPError.badRequest("invalid CONNECT target '\(authority)': expected HOST:PORT") }
            host = authority[authority.index(after: authority.startIndex)..<close]
            portText = authority[authority.index(close, offsetBy: 2)...]
        } else {
            guard let colon = authority.lastIndex(of: ":") else {
                throw HTTPError.badRequest("invalid CONNECT target '\(authority)': expected HOST:PORT")
            }
            host = authority[..<colon]
            portText = authority[authority.index(after: colon)...]
        }
        guard let port = UInt16(portText), port != 0, portText.allSatisfy(\.isASCII) else {
            throw HTTPError.badRequest("invalid CONNECT target '\(authority)': the port must be a number 1-65535")
        }
        switch host.lowercased() {
        case "127.0.0.1", "localhost": return .ipv4(host: "127.0.0.1", port: port)
        case "::1": return .ipv6(host: "::1", port: port)
        default:
            throw HTTPError.forbidden(
                "CONNECT to '\(host)' is not allowed: only 127.0.0.1, localhost and ::1 inside the workspace")
        }
    }

    /// Answers a `CONNECT` request: connects to the target and splices bytes both ways; 502 when nothing listens.
    /// - Parameter isForwarded: whether a port may be reached; 403 for one that may not (`onOpen: ignore-completely`).
    public static func response(
        for request: HTTPRequest, isForwarded: @Sendable (UInt16) -> Bool = { _ in true }
    ) async throws -> HTTPResponse {
        let address = try address(for: request.head.target)
        if let port = address.port, !isForwarded(port) {
            throw HTTPError(
                .forbidden, code: "port_not_forwarded",
                message:
                    "port \(port) is configured not to be forwarded (onOpen: ignore-completely in the workspace's "
                    + "configuration)")
        }
        let upstream: Socket
        do {
            upstream = try await Socket.connect(to: address, deadline: .now + .seconds(10))
        } catch {
            throw HTTPError(.badGateway, message: "nothing answers on \(address) in the workspace: \(error)")
        }
        return HTTPResponse(
            status: .ok,
            body: .upgrade { client, leftover in
                await ByteStreamSplice.run(client, upstream, pendingForSecond: leftover)
            })
    }
}
