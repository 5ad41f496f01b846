/// What a fresh workspace's content directory gets: a repository at a ref, maybe more repositories beside it, and
/// git settings for all of them.
public struct CheckoutRequest: Sendable {
    /// A further repository checked out at its default branch beside the main one.
    public struct AdditionalRepository: Sendable, Hashable {
        /// Its clone URL.
        public var url: String
        /// Where it goes, relative to the content directory; nil for its repository name.
        public var checkoutLocation: String?

        public init(url: String, checkoutLocation: String? = nil) {
            self.url = url
            self.checkoutLocation = checkoutLocation
        }
    }

    /// The main repository's clone URL.
    public var cloneURL: String
    /// What to check out of it.
    public var ref: CheckoutRef
    /// Where it goes, relative to the content directory; nil for its repository name.
    public var checkoutLocation: String?
    /// More repositories, each at its default branch.
    public var additionalRepositories: [AdditionalRepository]
    /// Settings written with `git config --local` into every checked-out repository: `section.key` (or
    /// `section.subsection.key`) to value.
    public var gitConfig: [String: String]

    public init(
        cloneURL: String, ref: CheckoutRef = .defaultBranch, checkoutLocation: String? = nil,
        additionalRepositories: [AdditionalRepository] = [], gitConfig: [String: String] = [:]
    ) {
        self.cloneURL = cloneURL
        self.ref = ref
        self.checkoutLocation = checkoutLocation
        self.additionalRepositories = additionalRepositories
        self.gitConfig = gitConfig
    }

    /// `location` as a relative path of plain components ("a/b"), or an error when it is empty, absolute, or
    /// climbs with `..`.
    /// - Throws: `GitError.invalidCheckoutLocation`.
    static func normalizedLocation(_ location: String) throws -> String {
        func refuse(_ reason: String) -> GitError {
            GitError(code: .invalidCheckoutLocation, message: "checkout location '\(location)' \(reason)")
        }
        guard !location.hasPrefix("/") else { throw refuse("must be relative to the content directory") }
        guard !location.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7f }) else {
            throw refuse("must not contain control characters")
        }
        let components = location.split(separator: "/").filter { $0 != "." }
        guard !components.contains("..") else { throw refuse("must not contain '..'") }
        guard !components.isEmpty else { throw refuse("names the content directory itself") }
        guard components.allSatisfy({ $0.utf8.count <= 255 }) else { throw refuse("has a name over 255 bytes") }
        return components.joined(separator: "/")
    }

    /// Checks a `gitConfig` key and value: the key `section.key` or `section.subsection.key` (section and key of
    /// letters, digits and `-`, starting with a letter), the value without newlines or NUL.
    /// - Throws: `GitError.invalidConfig` naming the key.
    static func validateConfig(key: String, value: String) throws {
        let parts = key.split(separator: ".", omittingEmptySubsequences: false)
        func isName(_ part: Substring) -> Bool {
            guard let first = part.unicodeScalars.first, first.isASCII, first.properties.isAlphabetic else {
                return false
            }
            return part.unicodeScalars.allSatisfy {
                $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "-")
            }
        }
        let subsectionIsClean = !key.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7f })
        guard parts.count >= 2, let section = parts.first, let name = parts.last, isName(section), isName(name),
            subsectionIsClean, !key.hasPrefix("-")
        else {
            throw GitError(
                code: .invalidConfig,
                message: "git config key '\(key)' is not of the form section.key or section.subsection.key")
        }
        guard !value.contains(where: { $0 == "\n" || $0 == "\r" || $0 == "\0" }) else {
            throw GitError(code: .invalidConfig, message: "the value of git config key '\(key)' contains a newline")
        }
    }
}

/// What a checkout did: each repository placed, where, at which commit and on which branch, and the ownership and
/// settings applied.
public struct CheckoutResult: Sendable {
    /// One checked-out repository.
    public struct Repository: Sendable, Hashable {
        /// Its clone URL, without credentials.
        public var cloneURL: String
        /// Where it is, relative to the content directory.
        public var location: String
        /// The commit checked out.
        public var commit: String
        /// The local branch checked out, or nil when `HEAD` is detached (a tag or a commit).
        public var branch: String?
        /// The ref the commit came from (`refs/heads/main`, `refs/pull/7/head`), nil for a bare commit.
        public var refName: String?
        /// Whether its mirror was cloned (rather than fetched) for this checkout, and which cache update it used.
        public var mirrorWasCloned: Bool
        public var mirrorUpdateNumber: Int
    }

    /// The main repository first, then the additional ones in the order asked.
    public var repositories: [Repository]
    /// The `gitConfig` keys written into every repository, sorted.
    public var configuredKeys: [String]
    /// How many files and directories were given to the workspace user; 0 when no owner was asked for.
    public var ownedEntries: Int

    /// The main repository's commit.
    public var commit: String { repositories.first?.commit ?? "" }
}
