/// The workspace's URL and its ports' URLs, by Gitpod's rule: port N of `https://<wsid>.<host>` is at
/// `https://N-<wsid>.<host>`.
enum WorkspaceURL {
    /// The URL of `port` for the workspace at `workspaceURL`; nil when that is not an http:// or https:// URL.
    static func url(ofPort port: UInt16, workspaceURL: String) -> String? {
        for scheme in ["https://", "http://"] where workspaceURL.hasPrefix(scheme) {
            let rest = workspaceURL.dropFirst(scheme.count)
            guard !rest.isEmpty else { return nil }
            return "\(scheme)\(port)-\(rest)"
        }
        return nil
    }

    /// The workspace's URL: `GITPOD_WORKSPACE_URL`, else what the supervisor reports.
    /// - Throws: `GPError` when neither knows it, or when the supervisor cannot be asked.
    static func resolve(context: GPContext, supervisor: SupervisorClient) async throws -> String {
        if let url = context.environment["GITPOD_WORKSPACE_URL"], !url.isEmpty { return url }
        if let url = try await supervisor.info().workspaceURL, !url.isEmpty { return url }
        throw GPError(
            code: .environment,
            message: "this workspace has no URL yet: neither GITPOD_WORKSPACE_URL nor the supervisor names one")
    }
}
