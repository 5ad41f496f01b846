/// What to check out of a repository, in the words of a context URL: its default branch, a branch, a tag, a commit,
/// or a pull (merge) request's head.
public enum CheckoutRef: Sendable, Hashable, CustomStringConvertible {
    /// The repository's default branch (its `HEAD`).
    case defaultBranch
    /// A branch, by name (`feature/login`), checked out as a local branch tracking `origin/<name>`.
    case branch(String)
    /// A tag, by name, checked out detached.
    case tag(String)
    /// A commit, by its full or abbreviated hexadecimal name, checked out detached.
    case commit(String)
    /// A pull request's head (`refs/pull/<n>/head`, or GitLab's `refs/merge-requests/<n>/head`), checked out as the
    /// local branch `pull/<n>`.
    case pullRequest(Int)

    /// The ref from a workspace's ref type (`default`, `branch`, `tag`, `commit`, `pullRequest`) and ref name.
    /// - Throws: `GitError.invalidRef` for an unknown type or a missing or malformed name.
    public init(type: String, name: String?) throws {
        func required() throws -> String {
            guard let name, !name.isEmpty else {
                throw GitError(code: .invalidRef, message: "a \(type) ref needs a name")
            }
            return name
        }
        switch type {
        case "default": self = .defaultBranch
        case "branch": self = .branch(try required())
        case "tag": self = .tag(try required())
        case "commit": self = .commit(try required())
        case "pullRequest":
            guard let number = Int(try required()) else {
                throw GitError(code: .invalidRef, message: "pull request '\(name ?? "")' is not a number")
            }
            self = .pullRequest(number)
        default:
            throw GitError(
                code: .invalidRef,
                message: "unknown ref type '\(type)'; use default, branch, tag, commit or pullRequest")
        }
    }

    public var description: String {
        switch self {
        case .defaultBranch: "the default branch"
        case .branch(let name): "branch '\(name)'"
        case .tag(let name): "tag '\(name)'"
        case .commit(let sha): "commit \(sha)"
        case .pullRequest(let number): "pull request #\(number)"
        }
    }

    /// Checks the name this ref carries.
    /// - Throws: `GitError.invalidRef` naming what is wrong.
    public func validate() throws {
        switch self {
        case .defaultBranch: return
        case .branch(let name), .tag(let name): try Self.validateName(name)
        case .commit(let sha):
            guard Self.isHexName(sha) else {
                throw GitError(
                    code: .invalidRef, message: "commit '\(sha)' is not 4 to 64 hexadecimal digits")
            }
        case .pullRequest(let number):
            guard number > 0 else {
                throw GitError(code: .invalidRef, message: "pull request number \(number) is not positive")
            }
        }
    }

    /// Whether `text` is a full or abbreviated commit name: 4 to 64 hexadecimal digits.
    static func isHexName(_ text: String) -> Bool {
        (4...64).contains(text.utf8.count)
            && text.utf8.allSatisfy { byte in
                (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
                    || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte)
                    || (UInt8(ascii: "A")...UInt8(ascii: "F")).contains(byte)
            }
    }

    /// Checks a branch or tag name the way `git check-ref-format --allow-onelevel` does, and refuses names that
    /// could be read as options.
    /// - Throws: `GitError.invalidRef` naming the rule broken.
    static func validateName(_ name: String) throws {
        func refuse(_ reason: String) -> GitError {
            GitError(code: .invalidRef, message: "ref name '\(name)' \(reason)")
        }
        guard !name.isEmpty, name.utf8.count <= 255 else { throw refuse("must have 1 to 255 bytes") }
        guard !name.hasPrefix("-") else { throw refuse("must not start with '-'") }
        guard name != "@", !name.contains(".."), !name.contains("@{"), !name.contains("//") else {
            throw refuse("must not be '@' or contain '..', '@{' or '//'")
        }
        guard !name.hasPrefix("/"), !name.hasSuffix("/"), !name.hasSuffix(".") else {
            throw refuse("must not start or end with '/' or end with '.'")
        }
        let forbidden: Set<Unicode.Scalar> = [" ", "~", "^", ":", "?", "*", "[", "\\"]
        guard !name.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7f || forbidden.contains($0) })
        else { throw refuse("must not contain spaces, control characters or any of ~ ^ : ? * [ \\") }
        for component in name.split(separator: "/") where component.hasPrefix(".") || component.hasSuffix(".lock") {
            throw refuse("has a component that starts with '.' or ends with '.lock'")
        }
    }
}
