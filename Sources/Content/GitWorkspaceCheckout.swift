import Foundation
import Glibc

/// Checks repositories out into a fresh workspace's content directory from their mirrors in a `RepositoryCache`.
///
/// Each repository is cloned from its mirror with `--no-hardlinks` (a hard link would let the workspace's owner
/// change the mirror's objects; alternates would break when the mirror is pruned) into a staging directory beside
/// the content directory, out of the workspace's reach. There its `origin` gets the real clone URL and the usual
/// fetch refspec, the ref is checked out, `gitConfig` is written, and its files are given to the workspace user with
/// `lchown`. Only when every repository is ready are they renamed into place, so a failure leaves no partial checkout.
public struct WorkspaceCheckout: Sendable {
    /// The cache whose mirrors are cloned.
    public let cache: RepositoryCache

    public init(cache: RepositoryCache) {
        self.cache = cache
    }

    /// One repository to place, once checked.
    private struct Plan {
        var url: GitRemoteURL
        var ref: CheckoutRef
        var location: String
    }

    /// Checks `request` out into `contentDirectory`, which must exist; the repositories' locations in it must not.
    /// - Parameters:
    ///   - owner: who gets the files (the workspace user, `FileOwner.workspaceUser`), or nil to leave them as they
    ///     are created.
    /// - Returns: each repository's location, commit and branch, and what was applied.
    /// - Throws: `GitError` naming the URL, ref, location or config key at fault; nothing is left behind.
    public func checkout(
        _ request: CheckoutRequest, into contentDirectory: String, owner: FileOwner? = nil
    )
        async throws -> CheckoutResult
    {
        let plans = try makePlans(request)
        let configKeys = try request.gitConfig.keys.sorted().map { key in
            try CheckoutRequest.validateConfig(key: key, value: request.gitConfig[key] ?? "")
            return key
        }
        guard let contentStatus = try GitFiles.status(contentDirectory), GitFiles.isDirectory(contentStatus) else {
            throw GitError(code: .io, message: "the content directory \(contentDirectory) is not a directory")
        }
        for plan in plans { try checkDestination(plan.location, in: contentDirectory) }

        let mirrors = try await updateMirrors(plans)
        var resolved: [GitMirror.ResolvedRef] = []
        for (plan, mirror) in zip(plans, mirrors) { resolved.append(try await mirror.resolve(plan.ref)) }

        let parent = (contentDirectory as NSString).deletingLastPathComponent
        let name = (contentDirectory as NSString).lastPathComponent
        let staging = (parent as NSString).appendingPathComponent(".\(name).checkout-\(UUID().uuidString.prefix(8))")
        try GitFiles.makeDirectory(staging, mode: 0o700)
        do {
            var repositories: [CheckoutResult.Repository] = []
            var owned = 0
            for (index, plan) in plans.enumerated() {
                let directory = (staging as NSString).appendingPathComponent("\(index)")
                let branch = try await clone(
                    mirrors[index], at: resolved[index], ref: plan.ref, into: directory, config: request.gitConfig)
                if let owner { owned += try await GitFiles.changeOwner(of: directory, to: owner) }
                repositories.append(
                    CheckoutResult.Repository(
                        cloneURL: plan.url.description, location: plan.location, commit: resolved[index].commit,
                        branch: branch, refName: resolved[index].refName, mirrorWasCloned: mirrors[index].wasCloned,
                        mirrorUpdateNumber: mirrors[index].updateNumber))
            }
            owned += try place(plans, from: staging, into: contentDirectory, owner: owner)
            await GitFiles.removeTree(staging)
            return CheckoutResult(repositories: repositories, configuredKeys: configKeys, ownedEntries: owned)
        } catch {
            await GitFiles.removeTree(staging)
            throw error
        }
    }

    /// The repositories to check out, their URLs and locations checked, the main one first.
    private func makePlans(_ request: CheckoutRequest) throws -> [Plan] {
        let mainURL = try cache.remoteURL(request.cloneURL)
        var plans = [
            Plan(
                url: mainURL, ref: request.ref,
                location: try CheckoutRequest.normalizedLocation(request.checkoutLocation ?? mainURL.repositoryName))
        ]
        for additional in request.additionalRepositories {
            let url = try cache.remoteURL(additional.url)
            plans.append(
                Plan(
                    url: url, ref: .defaultBranch,
                    location: try CheckoutRequest.normalizedLocation(additional.checkoutLocation ?? url.repositoryName))
            )
        }
        try request.ref.validate()
        for (index, plan) in plans.enumerated() {
            for other in plans[..<index] {
                let inside =
                    plan.location.hasPrefix(other.location + "/") || other.location.hasPrefix(plan.location + "/")
                guard plan.location != other.location, !inside else {
                    throw GitError(
                        code: .invalidCheckoutLocation,
                        message: "checkout locations '\(other.location)' and '\(plan.location)' overlap")
                }
            }
        }
        return plans
    }

    /// Checks that `location` does not exist in `contentDirectory` and that no directory on the way is a symbolic
    /// link or a file.
    private func checkDestination(_ location: String, in contentDirectory: String) throws {
        var path = contentDirectory
        let components = location.split(separator: "/")
        for (index, component) in components.enumerated() {
            path = (path as NSString).appendingPathComponent(String(component))
            guard let status = try GitFiles.status(path) else { return }
            guard index < components.count - 1 else {
                throw GitError(
                    code: .invalidCheckoutLocation,
                    message: "checkout location '\(location)' already exists in \(contentDirectory)")
            }
            guard GitFiles.isDirectory(status) else {
                throw GitError(
                    code: .invalidCheckoutLocation,
                    message: "checkout location '\(location)' goes through \(path), which is not a directory")
            }
        }
    }

    /// Updates the mirrors of all repositories in parallel, in the order of `plans`.
    private func updateMirrors(_ plans: [Plan]) async throws -> [GitMirror] {
        try await withThrowingTaskGroup(of: (Int, GitMirror).self) { group in
            for (index, plan) in plans.enumerated() {
                group.addTask { [cache] in (index, try await cache.update(plan.url.rawValue)) }
            }
            var mirrors: [Int: GitMirror] = [:]
            for try await (index, mirror) in group { mirrors[index] = mirror }
            return try plans.indices.map { index in
                guard let mirror = mirrors[index] else {
                    throw GitError(code: .commandFailed, message: "the mirror of \(plans[index].url) was not updated")
                }
                return mirror
            }
        }
    }

    /// Clones `mirror` into `directory`, points `origin` at the real URL, checks out `resolved`, and writes
    /// `config`. No git command runs in the clone after its config is written, so no setting can make git run a
    /// program as the server.
    /// - Returns: the local branch checked out, or nil when `HEAD` is detached.
    private func clone(
        _ mirror: GitMirror, at resolved: GitMirror.ResolvedRef, ref: CheckoutRef, into directory: String,
        config: [String: String]
    ) async throws -> String? {
        let git = cache.git
        let url = mirror.url
        try await git.run(
            ["clone", "--quiet", "--no-hardlinks", "--no-checkout", "--", mirror.path, directory],
            what: "clone the mirror of \(url)")
        try await git.run(
            ["remote", "set-url", "--", "origin", url.rawValue], in: directory, what: "set origin of \(url)")
        try await git.run(
            ["config", "--local", "--replace-all", "remote.origin.fetch", "+refs/heads/*:refs/remotes/origin/*"],
            in: directory, what: "set the fetch refspec of \(url)")
        let branch: String?
        switch ref {
        case .defaultBranch, .branch:
            branch = resolved.branch
        case .pullRequest(let number):
            branch = "pull/\(number)"
        case .tag, .commit:
            branch = nil
        }
        let what = "check out \(ref) of \(url)"
        if let branch {
            try await git.run(["checkout", "--quiet", "-B", branch, resolved.commit, "--"], in: directory, what: what)
            if resolved.refName?.hasPrefix("refs/heads/") == true {
                try await git.run(
                    ["config", "--local", "--", "branch.\(branch).remote", "origin"], in: directory, what: what)
                try await git.run(
                    ["config", "--local", "--", "branch.\(branch).merge", "refs/heads/\(branch)"], in: directory,
                    what: what)
            }
        } else {
            try await git.run(["checkout", "--quiet", "--detach", resolved.commit, "--"], in: directory, what: what)
        }
        for key in config.keys.sorted() {
            try await git.run(
                ["config", "--local", "--", key, config[key] ?? ""], in: directory, what: "set git config \(key)")
        }
        return branch
    }

    /// Renames each staged repository to its location in `contentDirectory`, creating the directories on the way
    /// (given to `owner`). When one cannot be placed, those already placed are taken away again.
    /// - Returns: how many directories were created and given to `owner`.
    private func place(
        _ plans: [Plan], from staging: String, into contentDirectory: String, owner: FileOwner?
    ) throws
        -> Int
    {
        var placed: [String] = []
        var created: [String] = []
        do {
            for (index, plan) in plans.enumerated() {
                try checkDestination(plan.location, in: contentDirectory)
                var path = contentDirectory
                for component in plan.location.split(separator: "/").dropLast() {
                    path = (path as NSString).appendingPathComponent(String(component))
                    if try GitFiles.status(path) == nil {
                        try GitFiles.makeDirectory(path)
                        created.append(path)
                        if let owner, lchown(path, owner.uid, owner.gid) != 0 {
                            throw GitError.io("change the owner of \(path)", errno: errno)
                        }
                    }
                }
                let destination = (contentDirectory as NSString).appendingPathComponent(plan.location)
                try GitFiles.rename((staging as NSString).appendingPathComponent("\(index)"), to: destination)
                placed.append(destination)
            }
        } catch {
            for path in placed.reversed() { try? FileManager.default.removeItem(atPath: path) }
            for path in created.reversed() { rmdir(path) }
            throw error
        }
        return owner == nil ? 0 : created.count
    }
}
