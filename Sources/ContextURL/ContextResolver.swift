/// Completes a parsed context against the remote's refs: splits `tree/feature/x/src` into ref and path (longest ref
/// first), tells branches from tags and commits, finds the default branch and the commit every ref points at.
public struct ContextResolver: Sendable {
    /// Where the refs come from.
    public let refLister: any RefLister

    public init(refLister: any RefLister) {
        self.refLister = refLister
    }

    /// Lists the remote's refs and resolves `context` against them.
    /// - Throws: `ContextURLError`: `refNotFound` naming the ref, `emptyRepository`, or `remoteFailed`.
    public func resolve(_ context: WorkspaceContext) async throws -> WorkspaceContext {
        let refs = try await refLister.refs(cloneURL: context.cloneURL, matching: Self.patterns(for: context))
        return try Self.resolve(context, refs: refs)
    }

    /// The `git ls-remote` patterns that cover what `context` may name.
    public static func patterns(for context: WorkspaceContext) -> [String] {
        if context.refType == .pullRequest, let ref = context.ref { return [ref] }
        return ["HEAD", "refs/heads/*", "refs/tags/*"]
    }

    /// Resolves `context` against `refs`, the remote's refs as `GitLsRemote` lists them. Pure.
    /// - Throws: `ContextURLError`: `refNotFound` naming the ref, or `emptyRepository`.
    public static func resolve(_ context: WorkspaceContext, refs: [GitRef]) throws -> WorkspaceContext {
        var resolved = context
        switch context.refType {
        case .default:
            guard let head = refs.first(where: { $0.kind == .head }) else {
                throw ContextURLError.emptyRepository(context.cloneURL)
            }
            resolved.ref = head.symbolicTarget
            resolved.commit = head.commit
        case .pullRequest:
            let number = context.pullRequest.map { "#\($0)" } ?? ""
            guard let name = context.ref, let ref = refs.first(where: { $0.kind == .other && $0.name == name }) else {
                throw ContextURLError.refNotFound(
                    "pull request \(number) is not in \(context.cloneURL) (it advertises no \(context.ref ?? "ref"))")
            }
            resolved.commit = ref.commit
        case .commit:
            let sha = (context.ref ?? context.commit ?? "").lowercased()
            resolved.commit = sha.count == 40 ? sha : uniqueCommit(startingWith: sha, in: refs) ?? context.commit
        case .branch, .tag:
            try resolveName(&resolved, refs: refs)
        }
        resolved.unresolvedRef = nil
        return resolved
    }

    private static func resolveName(_ context: inout WorkspaceContext, refs: [GitRef]) throws {
        let segments = context.unresolvedRef ?? [context.ref ?? ""]
        let kinds: [GitRef.Kind] = context.refType == .tag ? [.tag, .branch] : [.branch, .tag]
        for length in stride(from: segments.count, through: 1, by: -1) {
            let name = segments[..<length].joined(separator: "/")
            for kind in kinds {
                if let ref = refs.first(where: { $0.kind == kind && $0.name == name }) {
                    context.ref = name
                    context.refType = kind == .tag ? .tag : .branch
                    context.commit = ref.commit
                    if context.unresolvedRef != nil {
                        context.path = length < segments.count ? segments[length...].joined(separator: "/") : nil
                    }
                    return
                }
            }
        }
        let first = segments[0]
        if ContextURLParser.isHex(first, lengths: 7...40) {
            let sha = first.lowercased()
            context.ref = sha
            context.refType = .commit
            context.commit = sha.count == 40 ? sha : uniqueCommit(startingWith: sha, in: refs)
            if context.unresolvedRef != nil {
                context.path = segments.count > 1 ? segments.dropFirst().joined(separator: "/") : nil
            }
            return
        }
        let wanted = segments.joined(separator: "/")
        let what = context.refType == .tag ? "tag" : "branch or tag"
        let detail = segments.count > 1 ? "'\(first)' nor any longer prefix of '\(wanted)'" : "'\(wanted)'"
        throw ContextURLError.refNotFound("\(context.cloneURL) has no \(what) named \(detail)")
    }

    /// The one commit among the refs' commits that starts with `prefix`, if exactly one does.
    private static func uniqueCommit(startingWith prefix: String, in refs: [GitRef]) -> String? {
        let matches = Set(refs.map(\.commit).filter { $0.hasPrefix(prefix) })
        return matches.count == 1 ? matches.first : nil
    }
}
