import Foundation

/// A workspace: what a user asked for (a repository at a ref and commit, with its configuration). Each start of it
/// is a `WorkspaceInstance`.
public struct Workspace: Sendable, Hashable {
    /// What kind of git ref `ref` is.
    public enum RefType: String, Sendable, Hashable, CaseIterable {
        /// The repository's default branch.
        case `default`
        case branch
        case tag
        /// A commit given directly, with no branch or tag.
        case commit
        /// A pull or merge request's head.
        case pullRequest
    }

    public var id: String
    public var ownerID: String
    /// The URL the workspace was opened from, as the user gave it.
    public var contextURL: String
    /// The repository's clone URL.
    public var cloneURL: String
    /// The branch or tag name; nil when a bare commit was asked for.
    public var ref: String?
    public var refType: RefType?
    /// The commit the workspace starts from.
    public var commit: String
    /// The resolved workspace configuration, as JSON text.
    public var configuration: String
    /// The workspace image's reference, once resolved or built.
    public var image: String?
    /// The environment variables the user chose for this workspace, as a JSON object of names to values.
    public var environmentVariables: String
    /// How long the workspace may stay idle before it is stopped, when its user chose (`gp timeout set`); nil for
    /// the server's default. Whole seconds.
    public var inactivityTimeout: Duration?
    public var createdAt: Date
    /// When the user deleted the workspace; its record stays until its backups are gone.
    public var deletedAt: Date?

    public init(
        id: String, ownerID: String, contextURL: String, cloneURL: String, ref: String? = nil,
        refType: RefType? = nil, commit: String, configuration: String = "{}", image: String? = nil,
        environmentVariables: String = "{}", inactivityTimeout: Duration? = nil, createdAt: Date,
        deletedAt: Date? = nil
    ) {
        self.id = id
        self.ownerID = ownerID
        self.contextURL = contextURL
        self.cloneURL = cloneURL
        self.ref = ref
        self.refType = refType
        self.commit = commit
        self.configuration = configuration
        self.image = image
        self.environmentVariables = environmentVariables
        self.inactivityTimeout = inactivityTimeout
        self.createdAt = createdAt
        self.deletedAt = deletedAt
    }
}
