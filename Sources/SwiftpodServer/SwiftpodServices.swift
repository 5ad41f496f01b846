import Auth
import Basics
import Foundation
import HTTPClient
import HTTPServer
import Store
import WorkspaceProxy

import enum Content.DurableFile
import enum Crypto.SecureRandom

/// What the server's components share, built once at start-up: the configuration, the store, the auth pieces and,
/// once the engine is up, the workspace parts. Route groups are built from it.
public struct SwiftpodServices: Sendable {
    public let configuration: ServerConfiguration
    public let logger: Logger
    public let metrics: MetricsRegistry
    public let store: SQLiteStore
    public let accounts: UserAccounts
    public let sessions: Sessions
    public let cookie: SessionCookie
    public let accessTokens: AccessTokens
    public let authenticator: Authenticator
    public let passwordLogin: PasswordLogin
    public let firstRunSetup: FirstRunSetup
    /// OIDC sign-in, when a provider is configured.
    public let oidcLogin: OIDCLogin?
    /// The engine, workspace manager and creator, once `runWorkspaces` has started them (or as a test set them).
    public let workspaces: WorkspacePartsSlot
    /// The one-time codes and host cookies of workspace hosts, signed with a key kept in the data directory.
    public let workspaceHostGrants: WorkspaceHostGrants

    /// Opens (creating and migrating) the database in the data directory and builds the auth pieces over it.
    /// - Parameters:
    ///   - hasher: the password hasher; tests lower its cost.
    ///   - loginPolicy: the sign-in rate limits.
    /// - Throws: `StoreError` when the database cannot be opened, `AuthError` for a bad OIDC configuration.
    public static func open(
        configuration: ServerConfiguration, logger: Logger, metrics: MetricsRegistry = MetricsRegistry(),
        hasher: PasswordHasher = PasswordHasher(), loginPolicy: LoginRateLimitPolicy = LoginRateLimitPolicy(),
        workspaces: WorkspacePartsSlot = WorkspacePartsSlot()
    ) async throws -> SwiftpodServices {
        try FileManager.default.createDirectory(
            atPath: configuration.dataDirectory, withIntermediateDirectories: true,
            attributes: [.posixPermissions: 0o700])
        let signingKey = try workspaceCookieKey(dataDirectory: configuration.dataDirectory)
        let store = try await SQLiteStore.open(path: configuration.dataDirectory + "/swiftpod.db")
        do {
            return try SwiftpodServices(
                configuration: configuration, logger: logger, metrics: metrics, store: store, hasher: hasher,
                loginPolicy: loginPolicy, workspaces: workspaces,
                workspaceHostGrants: WorkspaceHostGrants(signingKey: signingKey))
        } catch {
            await store.close()
            throw error
        }
    }

    init(
        configuration: ServerConfiguration, logger: Logger, metrics: MetricsRegistry, store: SQLiteStore,
        hasher: PasswordHasher, loginPolicy: LoginRateLimitPolicy, workspaces: WorkspacePartsSlot,
        workspaceHostGrants: WorkspaceHostGrants = WorkspaceHostGrants()
    ) throws {
        self.workspaces = workspaces
        self.workspaceHostGrants = workspaceHostGrants
        self.configuration = configuration
        self.logger = logger
        self.metrics = metrics
        self.store = store
        accounts = UserAccounts(store: store, hasher: hasher)
        sessions = Sessions(store: store)
        cookie = SessionCookie(publicURL: configuration.publicURL)
        accessTokens = AccessTokens(store: store)
        authenticator = Authenticator(accessTokens: accessTokens, sessions: sessions, cookie: cookie)
        passwordLogin = PasswordLogin(
            store: store, hasher: hasher, limiter: LoginRateLimiter(policy: loginPolicy), sessions: sessions)
        firstRunSetup = FirstRunSetup(store: store, accounts: accounts)
        if let oidc = configuration.oidc {
            oidcLogin = try OIDCLogin(
                configuration: OIDCProviderConfiguration(
                    issuer: oidc.issuer, clientID: oidc.clientID, clientSecret: oidc.clientSecret,
                    redirectURL: configuration.baseURL + OIDCRoutes.callbackPath,
                    allowedEmailDomains: oidc.allowedEmailDomains),
                store: store, sessions: sessions,
                client: oidc.caFile.map {
                    HTTPClient(configuration: .init(tls: TLSConfiguration(additionalTrustRoots: [$0])))
                } ?? .shared)
        } else {
            oidcLogin = nil
        }
    }

    /// An empty group for routes under `/api/v1`: the error envelope, then authentication (with CSRF checks on
    /// state-changing session requests). Handlers call `context.requirePrincipal()`.
    public func apiGroup() -> RouteGroup {
        RouteGroup(middleware: [APIErrorMiddleware(), AuthenticationMiddleware(authenticator: authenticator)])
    }

    /// An empty group for anonymous routes: the error envelope only.
    public func publicGroup() -> RouteGroup {
        RouteGroup(middleware: [APIErrorMiddleware()])
    }

    /// The environment variables of `userID` for the workspace of `cloneURL`: of each name, the value whose
    /// repository pattern matches most specifically (Gitpod's rules). Empty when the URL names no `owner/repo`.
    public func environmentVariables(userID: String, cloneURL: String) async throws -> [String: String] {
        try await Self.environmentVariables(in: store, userID: userID, cloneURL: cloneURL)
    }

    static func environmentVariables(
        in store: any Store, userID: String, cloneURL: String
    ) async throws -> [String: String] {
        guard let repository = EnvironmentPattern.repository(ofCloneURL: cloneURL) else { return [:] }
        let variables = try await store.environmentVariables(userID: userID)
        return EnvironmentPattern.select(
            variables.map { ($0.name, $0.value, $0.repositoryPattern) }, owner: repository.owner,
            repository: repository.repository)
    }

    /// Starts the workspace parts (`WorkspaceParts.start`), puts them in `workspaces`, and runs the reconciler at
    /// once and every minute until cancelled. A failure is logged and kept in the slot, whose `require()` then
    /// answers 503 with it; the rest of the server keeps serving.
    public func runWorkspaces(executablePath: String = CommandLine.arguments.first ?? "") async {
        do {
            let parts = try await WorkspaceParts.start(
                configuration: configuration, store: store, metrics: metrics, logger: logger,
                executablePath: executablePath)
            guard !Task.isCancelled else {
                await parts.shutdown()
                return
            }
            workspaces.set(.ready(parts))
            logger.notice("workspaces are ready", ["engine": parts.engine.source])
            await parts.runReconciler(every: .seconds(60))
        } catch {
            workspaces.set(.failed("\(error)"))
            if Task.isCancelled {
                logger.info("the start of the workspace parts was cut short by the shutdown")
            } else {
                logger.error("workspaces are unavailable: \(error)")
            }
        }
    }

    /// Stops the workspace parts and closes the store.
    public func close() async {
        if let parts = workspaces.parts { await parts.shutdown() }
        await store.close()
    }

    /// The file that keeps the key signing workspace host cookies, so that they outlive a restart.
    public static let workspaceCookieKeyFile = "workspace-cookie.key"

    /// The key in the data directory, made (32 random bytes, owner-only) when there is none yet.
    /// - Throws: `ServerKeyError` when the file is not a key, or what writing a new one met.
    public static func workspaceCookieKey(dataDirectory: String) throws -> [UInt8] {
        let path = dataDirectory + "/" + workspaceCookieKeyFile
        if let data = FileManager.default.contents(atPath: path) {
            guard data.count == 32 else {
                throw ServerKeyError(
                    description: "\(path) is not a workspace cookie key (32 bytes, not \(data.count)): remove it, "
                        + "and a new key is made (browsers then sign in to workspace hosts again)")
            }
            return Array(data)
        }
        let key = SecureRandom.bytes(count: 32)
        try DurableFile.replace(path, with: key, mode: 0o600)
        return key
    }
}

/// The data directory holds something other than the key the server expects.
public struct ServerKeyError: Error, CustomStringConvertible {
    public var description: String
}
