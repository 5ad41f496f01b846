import CommandLineKit

/// `gp url [PORT]`: the workspace's URL, or the URL of a port served in it.
struct URLCommand: GPCommand {
    static let configuration = CommandConfiguration(
        commandName: "url",
        abstract: "Prints the URL of this workspace, or of a port in it.",
        discussion: """
            Without PORT, prints the workspace's URL (GITPOD_WORKSPACE_URL). With PORT, prints the URL of the \
            service on that port: 'gp url 3000' in the workspace http://abc.localhost:8080 prints \
            http://3000-abc.localhost:8080.
            """,
        parameters: [.argument("port", optional: true, help: "A port served in the workspace.")]
    )

    let port: UInt16?

    init(parsed: ParsedArguments) throws {
        port = try parsed.port("port")
    }

    func execute(context: GPContext, supervisor: SupervisorClient) async throws {
        let workspaceURL = try await WorkspaceURL.resolve(context: context, supervisor: supervisor)
        guard let port else {
            context.print(workspaceURL)
            return
        }
        guard let url = WorkspaceURL.url(ofPort: port, workspaceURL: workspaceURL) else {
            throw GPError(
                code: .environment, message: "the workspace URL '\(workspaceURL)' is not an http:// or https:// URL")
        }
        context.print(url)
    }
}
