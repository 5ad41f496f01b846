import Foundation
import Glibc

/// Bare mirrors of the repositories workspaces are opened from, one per repository under
/// `<data>/git/<host>/<owner>/<repo>.git`, kept up to date so a workspace's checkout is a fast local clone.
///
/// A mirror is made with `git clone --mirror` into a temporary directory and renamed into place, so a failed clone
/// leaves nothing behind; later updates are `git fetch --prune` of branches, tags and pull and merge request heads.
/// Requests for a repository that is being updated share that update; different repositories update in parallel.
public actor RepositoryCache {
    /// The mirrors' root directory, `<data>/git`.
    public nonisolated let root: String
    /// The git CLI the cache runs.
    public nonisolated let git: GitCLI
    /// Whether local paths and `file://` URLs are accepted as clone URLs (for tests and local mirrors).
    public nonisolated let allowsLocalRepositories: Bool
    private var updatesInFlight: [String: Task<GitMirror, any Error>] = [:]
    private var scratchSweep: Task<Void, Never>?
    /// How many updates (clones and fetches) the cache has started.
    public private(set) var updatesStarted = 0

    /// The refs every update fetches; a pattern the remote has no refs for fetches nothing and is not an error.
    static let refspecs = [
        "+refs/heads/*:refs/heads/*", "+refs/tags/*:refs/tags/*", "+refs/pull/*/head:refs/pull/*/head",
        "+refs/merge-requests/*/head:refs/merge-requests/*/head",
    ]

    /// A cache keeping its mirrors in `<dataDirectory>/git`.
    public init(dataDirectory: String, git: GitCLI, allowsLocalRepositories: Bool = false) {
        self.root = (dataDirectory as NSString).appendingPathComponent("git")
        self.git = git
        self.allowsLocalRepositories = allowsLocalRepositories
    }

    /// Checks `cloneURL` as this cache accepts it.
    /// - Throws: `GitError.invalidURL`.
    public nonisolated func remoteURL(_ cloneURL: String) throws -> GitRemoteURL {
        try GitRemoteURL(cloneURL, allowsLocal: allowsLocalRepositories)
    }

    /// Where the mirror of `url` lives (whether or not it exists yet).
    public nonisolated func mirrorPath(for url: GitRemoteURL) -> String {
        (root as NSString).appendingPathComponent(url.mirrorRelativePath)
    }

    /// Brings the mirror of `cloneURL` up to date (cloning it the first time) and returns it. A request for a
    /// repository already being updated waits for that update instead of starting another.
    /// - Throws: `GitError` naming the repository: invalid URL, unreachable host, missing repository, time limit.
    public func update(_ cloneURL: String) async throws -> GitMirror {
        let url = try remoteURL(cloneURL)
        let path = mirrorPath(for: url)
        await sweepScratchOnce()
        if let running = updatesInFlight[path] {
            return try await running.value
        }
        updatesStarted += 1
        let number = updatesStarted
        let task = Task { [root, git] in
            try await Self.performUpdate(url: url, path: path, root: root, git: git, number: number)
        }
        updatesInFlight[path] = task
        defer { updatesInFlight[path] = nil }
        return try await task.value
    }

    /// Updates the mirror of `cloneURL` and resolves `ref` in it (see `GitMirror.resolve(ref:)`).
    /// - Throws: `GitError`, such as `refNotFound`.
    public func resolve(ref: String, in cloneURL: String) async throws -> String {
        try await update(cloneURL).resolve(ref: ref)
    }

    private static func performUpdate(
        url: GitRemoteURL, path: String, root: String, git: GitCLI, number: Int
    ) async throws -> GitMirror {
        if try GitFiles.status(path) != nil {
            try await git.run(
                ["fetch", "--prune", "--quiet", "--no-write-fetch-head", "--", url.rawValue] + refspecs, in: path,
                network: true, what: "fetch \(url)")
            try await followDefaultBranch(url: url, path: path, git: git)
            return GitMirror(url: url, path: path, updateNumber: number, wasCloned: false, git: git)
        }
        let scratch = (root as NSString).appendingPathComponent(".tmp")
        try makeDirectories(scratch)
        let temporary = (scratch as NSString).appendingPathComponent("\(UUID().uuidString).git")
        do {
            try await git.run(
                ["clone", "--mirror", "--quiet", "--", url.rawValue, temporary], network: true,
                what: "clone \(url)")
            try makeDirectories((path as NSString).deletingLastPathComponent)
            try GitFiles.rename(temporary, to: path)
        } catch {
            await GitFiles.removeTree(temporary)
            throw error
        }
        return GitMirror(url: url, path: path, updateNumber: number, wasCloned: true, git: git)
    }

    /// Points the mirror's `HEAD` at the remote's default branch when that has changed (say from `master` to
    /// `main`), which `git fetch` does not do. A remote that does not say leaves `HEAD` as it is.
    private static func followDefaultBranch(url: GitRemoteURL, path: String, git: GitCLI) async throws {
        let output = try await git.run(
            ["ls-remote", "--symref", "--", url.rawValue, "HEAD"], in: path, network: true,
            what: "read the default branch of \(url)")
        let line = GitMirror.lastLine(of: output, where: { $0.hasPrefix("ref: refs/heads/") && $0.hasSuffix("HEAD") })
        guard let line, let tab = line.firstIndex(of: "\t") else { return }
        let head = String(line[line.index(line.startIndex, offsetBy: 5)..<tab])
        let branch = String(head.dropFirst("refs/heads/".count))
        guard (try? CheckoutRef.validateName(branch)) != nil else { return }
        let current = try? await git.run(["symbolic-ref", "--quiet", "HEAD"], in: path, what: "read HEAD of \(url)")
        guard GitMirror.lastLine(of: current ?? "", where: { $0.hasPrefix("refs/") }) != head else { return }
        try await git.run(["symbolic-ref", "HEAD", head], in: path, what: "set the default branch of \(url)")
    }

    /// Creates `path` and its missing parents.
    /// - Throws: `GitError.io` when it cannot.
    private static func makeDirectories(_ path: String) throws {
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw GitError(code: .io, message: "cannot create directory \(path): \(error)", underlying: error)
        }
    }

    /// Removes what interrupted clones left in the scratch directory, once, before the first update starts; later
    /// callers wait for that sweep, so it never removes a clone in progress.
    private func sweepScratchOnce() async {
        let sweep =
            scratchSweep
            ?? Task { [root] in await GitFiles.removeTree((root as NSString).appendingPathComponent(".tmp")) }
        scratchSweep = sweep
        await sweep.value
    }
}
