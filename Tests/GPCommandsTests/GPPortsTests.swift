import Foundation
import Supervisor
import TestSupport
import Testing

@testable import GPCommands

/// `gp ports` against a real supervisor detecting a real server's port.
@Suite struct GPPortsTests {
    @Test func awaitReturnsOnceAServerListensAndListShowsIt() async throws {
        let port = try GPWorkspace.freePort()
        let workspace = try await GPWorkspace.start(
            tasks: [
                TaskConfiguration(name: "web", command: "exec /usr/bin/python3 -m http.server --bind 127.0.0.1 \(port)")
            ],
            gpEnvironment: ["GITPOD_WORKSPACE_URL": GPWorkspace.workspaceURL])
        let awaited = await workspace.gp(["ports", "await", "\(port)", "--timeout", "20"])
        #expect(awaited.status == 0)
        #expect(awaited.output == "Port \(port) is now open\n")

        let list = await workspace.gp(["ports", "list"])
        #expect(list.status == 0)
        let row = "| \(port) | open (127.0.0.1 only) | http://\(port)-abc123.localhost:8080 |"
        #expect(list.output.split(separator: "\n").contains { $0 == row })
        #expect(list.output.hasPrefix("| PORT "))
        try await workspace.stop()
    }

    @Test func awaitGivesUpAfterItsTimeout() async throws {
        let workspace = try await GPWorkspace.start()
        let port = try GPWorkspace.freePort()
        let outcome = await workspace.gp(["ports", "await", "\(port)", "--timeout", "0.3"])
        #expect(outcome.status == 1)
        #expect(outcome.errors == "gp: port \(port) did not open within 0.3 s\n")
        try await workspace.stop()
    }

    @Test func listSaysWhenNothingListensAndShowsPublicPorts() {
        let ports = [SupervisorPort(port: 8080, address: "0.0.0.0", loopbackOnly: false)]
        #expect(
            PortsListCommand.table(ports, workspaceURL: nil).lines == [
                "| PORT | STATUS | URL |", "|------|--------|-----|", "| 8080 | open   | -   |",
            ])
    }
}
