import Content
import ContextURL
import Crypto
import Foundation
import Store
import WorkspaceConfig

/// Makes a workspace from a context URL, as Gitpod's preparing phase does: the URL parsed (hostile ones refused),
/// its ref resolved against the repository's refs, the bare mirror updated, the commit fixed, and the repository's
/// `.gitpod.yml` (or devcontainer.json) read at that commit and kept with the workspace.
public struct WorkspaceCreator: Sendable {
    /// A workspace made, and what its configuration's warnings say.
    public struct Created: Sendable {
        public var workspace: Workspace
        public var warnings: [ConfigDiagnostic]
    }

    private let store: any Store
    private let cache: RepositoryCache
    private let parser: ContextURLParser
    private let refLister: any RefLister

    /// - Parameters:
    ///   - parser: how context URLs are read (which hosts are GitHub, GitLab, ...; whether local repositories are
    ///     allowed).
    ///   - refLister: where refs are listed for resolving a context (`git ls-remote`).
    public init(store: any Store, cache: RepositoryCache, parser: ContextURLParser, refLister: any RefLister) {
        self.store = store
        self.cache = cache
        self.parser = parser
        self.refLister = refLister
    }

    /// Creates and stores the workspace for `contextURL`, owned by `ownerID`.
    /// - Throws: `ContextURLError` for a bad URL or a missing ref, `GitError` when the repository cannot be
    ///   fetched, `WorkspaceConfigError` when its configuration is invalid (with every problem, by file and line).
    public func create(contextURL: String, ownerID: String, now: Date = Date()) async throws -> Created {
        let parsed = try parser.parse(contextURL)
        let context = try await ContextResolver(refLister: refLister).resolve(parsed)
        let mirror = try await cache.update(context.cloneURL)
        let ref = try Self.checkoutRef(for: context)
        let commit = try await mirror.resolve(ref).commit
        let names = WorkspaceConfigLoader.gitpodFileNames + WorkspaceConfigLoader.devcontainerFileNames
        let loaded = try WorkspaceConfigLoader.load(files: try await mirror.files(names, at: commit))
        let environment = String(
            decoding: try JSONSerialization.data(withJSONObject: context.envVars, options: [.sortedKeys]), as: UTF8.self
        )
        let workspace = Workspace(
            id: Self.newID(), ownerID: ownerID, contextURL: contextURL, cloneURL: context.cloneURL,
            ref: Self.storedRef(for: context), refType: Workspace.RefType(rawValue: context.refType.rawValue),
            commit: commit, configuration: loaded.configuration.jsonText(), environmentVariables: environment,
            createdAt: now)
        try await store.createWorkspace(workspace)
        return Created(workspace: workspace, warnings: loaded.warnings)
    }

    /// What to check out for a resolved context.
    static func checkoutRef(for context: WorkspaceContext) throws -> CheckoutRef {
        try CheckoutRef(type: context.refType.rawValue, name: storedRef(for: context))
    }

    /// The ref as the store keeps it: a branch or tag name, a commit, or a pull request's number.
    static func storedRef(for context: WorkspaceContext) -> String? {
        switch context.refType {
        case .default: nil
        case .pullRequest: context.pullRequest.map(String.init)
        case .commit: context.commit ?? context.ref
        case .branch, .tag: context.ref
        }
    }

    /// A new workspace ID: a letter, then 13 lowercase letters and digits, so that it fits a host name label
    /// (`<id>.<host>`, `<port>-<id>.<host>`).
    static func newID() -> String {
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789")
        let bytes = SecureRandom.bytes(count: 14)
        return String(
            bytes.enumerated().map { index, byte in alphabet[Int(byte) % (index == 0 ? 26 : alphabet.count)] })
    }
}
