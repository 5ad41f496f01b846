import CommandLineKit

/// `gp ports list`: the listening ports, their state and URL.
struct PortsListCommand: GPCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "Lists the workspace's listening ports and their URLs.")

    init(parsed: ParsedArguments) throws {}

    func execute(context: GPContext, supervisor: SupervisorClient) async throws {
        let ports = try await supervisor.ports().sorted { $0.port < $1.port }
        guard !ports.isEmpty else {
            context.print("No ports detected.")
            return
        }
        let workspaceURL = try? await WorkspaceURL.resolve(context: context, supervisor: supervisor)
        context.standardOutput(Array(Self.table(ports, workspaceURL: workspaceURL).text.utf8))
    }

    /// The table of `ports`, with URLs when the workspace's URL is known.
    static func table(_ ports: [SupervisorPort], workspaceURL: String?) -> TextTable {
        var table = TextTable(headers: ["Port", "Status", "URL"])
        for port in ports {
            let status = port.loopbackOnly ? "open (127.0.0.1 only)" : "open"
            let url = workspaceURL.flatMap { WorkspaceURL.url(ofPort: port.port, workspaceURL: $0) } ?? "-"
            table.append(["\(port.port)", status, url])
        }
        return table
    }
}
