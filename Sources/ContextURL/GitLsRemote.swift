import Foundation
import Subprocess

/// Lists a remote's refs with `git ls-remote --symref -- URL PATTERN…`, never asking for a password.
public struct GitLsRemote: RefLister {
    /// The git executable.
    public var gitPath: String
    /// How long the remote may take to answer.
    public var timeout: Duration
    /// Whether `file://` repositories may be listed (git's `file` protocol), for `--allow-local-repos`.
    public var allowLocalRepositories: Bool

    /// - Parameters:
    ///   - gitPath: the git executable; found on `PATH` when nil.
    ///   - timeout: how long the remote may take to answer.
    ///   - allowLocalRepositories: whether git may read `file://` repositories.
    public init(gitPath: String? = nil, timeout: Duration = .seconds(30), allowLocalRepositories: Bool = false) {
        self.gitPath = gitPath ?? Self.findGit(environment: ProcessInfo.processInfo.environment)
        self.timeout = timeout
        self.allowLocalRepositories = allowLocalRepositories
    }

    public func refs(cloneURL: String, matching patterns: [String]) async throws -> [GitRef] {
        guard !cloneURL.hasPrefix("-"), !patterns.contains(where: { $0.hasPrefix("-") }) else {
            throw ContextURLError.remoteFailed(cloneURL, "an argument starts with '-'")
        }
        var environment = ProcessInfo.processInfo.environment
        environment["GIT_TERMINAL_PROMPT"] = "0"
        environment["GCM_INTERACTIVE"] = "never"
        environment["GIT_ALLOW_PROTOCOL"] = allowLocalRepositories ? "https:http:file" : "https:http"
        environment["LC_ALL"] = "C"
        let output: CapturedRun
        do {
            output = try await ChildProcess.run(
                executable: gitPath, arguments: ["ls-remote", "--symref", "--", cloneURL] + patterns,
                environment: environment, timeout: timeout)
        } catch let error as CapturedRunInterrupted {
            throw ContextURLError.remoteFailed(
                cloneURL, "git ls-remote did not answer within \(timeout)", underlying: error)
        } catch let error as ChildProcessError {
            throw ContextURLError.remoteFailed(cloneURL, error.description, underlying: error)
        }
        guard output.exitCode == 0 else {
            let lines = output.output.split(separator: "\n").suffix(5).joined(separator: "; ")
            throw ContextURLError.remoteFailed(
                cloneURL, "git ls-remote \(output.exitDescription)" + (lines.isEmpty ? "" : ": \(lines)"))
        }
        return Self.parse(output.output)
    }

    /// The refs in `git ls-remote --symref` output; lines that are not refs (warnings) are skipped, and annotated
    /// tags take the commit of their peeled `^{}` line.
    public static func parse(_ text: String) -> [GitRef] {
        var refs: [GitRef] = []
        var indexByFullName: [String: Int] = [:]
        var headTarget: String?
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: "\t", maxSplits: 1)
            guard fields.count == 2 else { continue }
            let (left, fullName) = (fields[0], String(fields[1]))
            if left.hasPrefix("ref: ") {
                if fullName == "HEAD" {
                    let target = left.dropFirst(5)
                    headTarget = target.hasPrefix("refs/heads/") ? String(target.dropFirst(11)) : String(target)
                }
                continue
            }
            guard [40, 64].contains(left.utf8.count), left.allSatisfy(\.isHexDigit) else { continue }
            let commit = left.lowercased()
            if fullName.hasSuffix("^{}") {
                if let index = indexByFullName[String(fullName.dropLast(3))] { refs[index].commit = commit }
                continue
            }
            let ref: GitRef
            if fullName == "HEAD" {
                ref = GitRef(name: "HEAD", kind: .head, commit: commit)
            } else if fullName.hasPrefix("refs/heads/") {
                ref = GitRef(name: String(fullName.dropFirst(11)), kind: .branch, commit: commit)
            } else if fullName.hasPrefix("refs/tags/") {
                ref = GitRef(name: String(fullName.dropFirst(10)), kind: .tag, commit: commit)
            } else {
                ref = GitRef(name: fullName, kind: .other, commit: commit)
            }
            indexByFullName[fullName] = refs.count
            refs.append(ref)
        }
        if let index = indexByFullName["HEAD"] { refs[index].symbolicTarget = headTarget }
        return refs
    }

    private static func findGit(environment: [String: String]) -> String {
        let path = environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for directory in path.split(separator: ":") where access("\(directory)/git", X_OK) == 0 {
            return "\(directory)/git"
        }
        return "/usr/bin/git"
    }
}
