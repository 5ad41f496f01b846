import HTTP
import NetIO

/// How an `HTTPServer` listens, and the limits that keep slow or hostile clients from hurting anyone else.
public struct HTTPServerConfiguration: Sendable {
    /// Where to listen: a TCP address or a unix socket.
    public var address: SocketAddress
    /// Request line, header and body limits enforced by the parser.
    public var limits: HTTPParserLimits
    /// How long a client has to send a whole request head, from its first byte.
    public var headerTimeout: Duration
    /// How long the server waits for each piece of a request body.
    public var bodyTimeout: Duration
    /// How long a keep-alive connection may wait for its next request.
    public var idleTimeout: Duration
    /// How long a write may wait for a client that does not read.
    public var writeTimeout: Duration
    /// Connections served at once; more wait in the listen backlog until one ends.
    public var maxConnections: Int
    /// How long a graceful shutdown waits for requests in flight before closing their connections.
    public var shutdownGracePeriod: Duration
    /// The `Server` header, or nil to send none.
    public var serverName: String?

    public init(
        address: SocketAddress,
        limits: HTTPParserLimits = HTTPParserLimits(),
        headerTimeout: Duration = .seconds(30),
        bodyTimeout: Duration = .seconds(60),
        idleTimeout: Duration = .seconds(75),
        writeTimeout: Duration = .seconds(60),
        maxConnections: Int = 10_000,
        shutdownGracePeriod: Duration = .seconds(10),
        serverName: String? = "Swiftpod"
    ) {
        self.address = address
        self.limits = limits
        self.headerTimeout = headerTimeout
        self.bodyTimeout = bodyTimeout
        self.idleTimeout = idleTimeout
        self.writeTimeout = writeTimeout
        self.maxConnections = maxConnections
        self.shutdownGracePeriod = shutdownGracePeriod
        self.serverName = serverName
    }
}
