import Basics
import ContextURL
import NetIO
import WorkspaceManager

/// Everything `swiftpod server` is configured with, resolved from flags, `SWIFTPOD_*` environment variables, a
/// YAML file and defaults, in that order of precedence (`ServerConfigurationLoader`).
public struct ServerConfiguration: Sendable {
    /// Where the one listener binds.
    public var listen: SocketAddress
    /// The URL users reach the server at; workspace hosts are subdomains of its host.
    public var publicURL: String
    /// Where the database, mirrors, backups and workspaces live.
    public var dataDirectory: String
    /// The container engine's socket (`unix:///path`); nil to look for one, or start Podman.
    public var engine: String?
    /// Whether context URLs may name repositories on this machine (`file://`, paths).
    public var allowLocalRepositories: Bool
    /// Git hosts beyond the public ones, and the kind of forge each runs.
    public var gitHosts: GitHostConfiguration
    /// The directory of the static `swiftpod-supervisor` and `gp`; nil to find them beside the executable.
    public var workspaceBinaries: String?
    /// Debian's browser libraries for the IDE (`libjs-codemirror`, `libjs-xterm`); its sibling `nodejs` holds
    /// `node-xterm`.
    public var ideJavaScriptDirectory: String
    /// Workspace inactivity, maximum lifetime and initialization timeouts.
    public var timeouts: WorkspaceTimeouts
    /// How long a stopped workspace's files stay beside its backup, for a start without a restore.
    public var keptFiles: KeptFilesPolicy
    /// The OIDC provider users sign in with; nil when only passwords are used.
    public var oidc: OIDCSettings?
    public var logFormat: LogFormat
    public var logLevel: LogLevel

    /// The defaults, with the data directory given.
    public init(dataDirectory: String) {
        self.listen = .ipv4(host: "127.0.0.1", port: 8080)
        self.publicURL = "http://localhost:8080"
        self.dataDirectory = dataDirectory
        self.engine = nil
        self.allowLocalRepositories = false
        self.gitHosts = .defaults
        self.workspaceBinaries = nil
        self.ideJavaScriptDirectory = "/usr/share/javascript"
        self.timeouts = WorkspaceTimeouts()
        self.keptFiles = KeptFilesPolicy()
        self.oidc = nil
        self.logFormat = .logfmt
        self.logLevel = .info
    }

    /// The public URL without a trailing slash.
    public var baseURL: String {
        publicURL.hasSuffix("/") ? String(publicURL.dropLast()) : publicURL
    }
}

/// The OIDC provider settings of a server.
public struct OIDCSettings: Sendable, Equatable {
    public var issuer: String
    public var clientID: String
    public var clientSecret: String
    /// Email domains allowed to sign in, matched exactly; empty for any.
    public var allowedEmailDomains: [String]
    /// A PEM file of CA certificates trusted for the provider's https, besides the system's (a private CA).
    public var caFile: String?

    public init(
        issuer: String, clientID: String, clientSecret: String, allowedEmailDomains: [String] = [],
        caFile: String? = nil
    ) {
        self.issuer = issuer
        self.clientID = clientID
        self.clientSecret = clientSecret
        self.allowedEmailDomains = allowedEmailDomains
        self.caFile = caFile
    }
}

/// A setting that could not be used, naming the flag, environment variable or file line it came from.
public struct ServerConfigurationError: Error, Sendable, CustomStringConvertible, Equatable {
    public let message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
