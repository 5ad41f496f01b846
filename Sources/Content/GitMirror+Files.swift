import Foundation

extension GitMirror {
    /// The text of those of `paths` that exist in `commit`'s tree, by path: what a workspace start reads before any
    /// checkout (its `.gitpod.yml` or `devcontainer.json`). Paths that are not files (or not there) are left out.
    /// - Parameters:
    ///   - paths: repository-relative paths without `..`.
    ///   - commit: a full commit name, as `resolve` returns.
    ///   - maximumBytes: the largest file read; a larger one is an error.
    /// - Throws: `GitError` when the commit is malformed or missing, or a file is too large.
    public func files(
        _ paths: [String], at commit: String, maximumBytes: Int = 1 << 20
    ) async throws -> [String: String] {
        guard commit.count == 40 || commit.count == 64, CheckoutRef.isHexName(commit) else {
            throw GitError(code: .invalidRef, message: "'\(commit)' is not a full commit name")
        }
        for path in paths where path.hasPrefix("/") || path.hasPrefix("-") || path.split(separator: "/").contains("..")
        {
            throw GitError(code: .invalidRef, message: "'\(path)' is not a path inside the repository")
        }
        // One listing says which of the paths are files (mode 100644 or 100755) and how large they are.
        let listing = try await git.run(
            ["ls-tree", "-l", commit, "--"] + paths, in: path, what: "list files of \(commit) in \(url)")
        var result: [String: String] = [:]
        for line in listing.split(separator: "\n") {
            // "<mode> <type> <object> <size>\t<path>"
            let parts = line.split(separator: "\t", maxSplits: 1)
            let fields = parts.first?.split(separator: " ", omittingEmptySubsequences: true) ?? []
            guard parts.count == 2, fields.count == 4, fields[1] == "blob", fields[0].hasPrefix("100") else { continue }
            let name = String(parts[1])
            guard paths.contains(name) else { continue }
            if let size = Int(fields[3]), size > maximumBytes {
                throw GitError(
                    code: .io, message: "\(name) in \(commit) is \(size) bytes, more than \(maximumBytes) are read")
            }
            result[name] = try await git.run(
                ["cat-file", "blob", String(fields[2])], in: path, what: "read \(name) of \(commit) in \(url)")
        }
        return result
    }
}
