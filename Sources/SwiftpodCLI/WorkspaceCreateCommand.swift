import CommandLineKit
import Foundation
import SwiftpodClient

#if canImport(Glibc)
    import Glibc
#endif

/// `swiftpod workspace create URL`: creates a workspace from a context URL and starts it.
struct WorkspaceCreateCommand: Command {
    static let configuration = CommandConfiguration(
        commandName: "create",
        abstract:
            "Creates a workspace from a context URL (a repository, branch, commit or pull request) and starts it.",
        discussion: """
            Prints the new workspace's ID. With --wait, shows each phase as it passes and exits when the workspace \
            runs (0) or fails (1, with the reason). With --json, prints the workspace as JSON (the progress goes \
            to standard error). Examples:
              swiftpod workspace create https://github.com/owner/repo --wait
              swiftpod workspace create https://github.com/owner/repo/tree/feature --env DEBUG=1 --json
            """,
        parameters: [
            .argument("url", help: "The context URL."),
            .option("image", valueName: "name", help: "An image to use instead of the repository's configured one."),
            .option(
                "env", valueName: "NAME=VALUE", repeatable: true,
                help: "An environment variable for this workspace; repeat for more."),
            .flag("json", help: "Prints the workspace as JSON."),
        ] + WorkspaceCommand.waitParameters
    )

    let request: CreateWorkspaceRequest
    let json: Bool
    let wait: Bool
    let timeout: Duration

    init(parsed: ParsedArguments) throws {
        let url = try parsed.required("url").trimmingCharacters(in: .whitespaces)
        guard !url.isEmpty else { throw ValidationError("the context URL is empty") }
        var env: [String: String] = [:]
        for text in parsed.strings("env") {
            do {
                let assignment = try EnvironmentAssignment(parsing: text)
                env[assignment.name] = assignment.value
            } catch {
                throw ValidationError("invalid value for '--env': \(error)")
            }
        }
        let image = parsed.string("image")
        if let image, image.isEmpty || image.contains(where: \.isWhitespace) {
            throw ValidationError(
                "invalid value for '--image': '\(image)' is not an image name such as debian:bookworm")
        }
        request = CreateWorkspaceRequest(contextURL: url, image: image, env: env.isEmpty ? nil : env)
        json = parsed.flag("json")
        wait = parsed.flag("wait")
        timeout = try WorkspaceCommand.waitTimeout(parsed)
    }

    func run() async throws {
        try await ClientConnection.run { client in
            let created = try await client.createWorkspace(request)
            guard wait else {
                ClientOutput.write(json ? try ClientOutput.json(created) : "\(created.id)\n")
                return
            }
            if !json { ClientOutput.write("created workspace \(created.id)\n") }
            let waiter = WorkspaceWaiter(client: client, descriptor: json ? STDERR_FILENO : STDOUT_FILENO)
            let final = try await waiter.wait(
                workspaceID: created.id, progress: .start(), timeout: timeout)
            try WorkspaceOutcome.report(final, expected: "running", json: json)
        }
    }
}
