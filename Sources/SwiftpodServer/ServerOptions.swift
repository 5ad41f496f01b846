import Basics
import NetIO

/// What `swiftpod server` is told by its flags, environment and defaults.
public struct ServerOptions: Sendable {
    /// Where the one listener binds.
    public var listen: SocketAddress
    /// The URL users reach the server at; workspace hosts are subdomains of its host.
    public var publicURL: String
    /// Where the database, mirrors, backups and workspaces live.
    public var dataDirectory: String

    public init(listen: SocketAddress, publicURL: String, dataDirectory: String) {
        self.listen = listen
        self.publicURL = publicURL
        self.dataDirectory = dataDirectory
    }
}
