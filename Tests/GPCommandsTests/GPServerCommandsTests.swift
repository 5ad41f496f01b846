import Foundation
import SwiftpodAPI
import TestSupport
import Testing

@testable import GPCommands

/// The `gp` commands that need the server, through the supervisor's relay to a stand-in of the server's channel:
/// what they send and what they print.
@Suite struct GPServerCommandsTests {
    /// Runs `body` with a workspace whose supervisor has a server channel beside it.
    private func withServer(_ body: (GPWorkspace, ServerChannelDouble) async throws -> Void) async throws {
        let workspace = try await GPWorkspace.start()
        let server = try await ServerChannelDouble.start(beside: workspace)
        do {
            try await body(workspace, server)
        } catch {
            await server.stop()
            try await workspace.stop()
            throw error
        }
        await server.stop()
        try await workspace.stop()
    }

    @Test func envPrintsTheRepositorysVariablesPlainOrAsExports() async throws {
        try await withServer { workspace, server in
            let plain = await workspace.gp(["env"])
            #expect(plain.status == 0, "\(plain.errors)")
            #expect(plain.output == "BAR=b\nFOO=it's $HOME \"x\"\n")
            let exports = await workspace.gp(["env", "-e"])
            #expect(exports.output == "export BAR='b'\nexport FOO='it'\\''s $HOME \"x\"'\n")
            // The exports give the shell the values as they are, nothing expanded.
            let shell = try await runProcess(
                "/bin/bash", ["-c", exports.output + #"printf '%s|%s' "$BAR" "$FOO""#],
                environment: ["HOME": "/nowhere"])
            #expect(shell.standardOutput == "b|it's $HOME \"x\"")
            #expect(server.received == ["GET /env", "GET /env"])
        }
    }

    @Test func envSetsAndUnsetsForTheRepository() async throws {
        try await withServer { workspace, server in
            let set = await workspace.gp(["env", "NEW=\"two words\"", "URL=http://x?a=b"])
            #expect(set.status == 0, "\(set.errors)")
            #expect(set.output == "NEW=two words\nURL=http://x?a=b\n")
            let exported = await workspace.gp(["env", "-e", "A='x'"])
            #expect(exported.output == "export A='x'\n")
            let unset = await workspace.gp(["env", "-u", "FOO", "BAR"])
            #expect(unset.status == 0)
            #expect(unset.output.isEmpty)
            #expect(
                server.received == [
                    #"PUT /env {"variables":[{"name":"NEW","value":"two words"},{"name":"URL","value":"http:\/\/x?a=b"}]}"#,
                    #"PUT /env {"variables":[{"name":"A","value":"x"}]}"#, "DELETE /env/FOO", "DELETE /env/BAR",
                ])
        }
    }

    @Test func envRefusesUserWideVariablesFromInsideAWorkspace() async throws {
        try await withServer { workspace, server in
            let outcome = await workspace.gp(["env", "--scope", "user", "X=1"])
            #expect(outcome.status == 1)
            #expect(outcome.errors.contains("a workspace may set variables for its own repository only"))
            #expect(server.received.isEmpty)
        }
    }

    @Test func timeoutShowsSetsAndExtends() async throws {
        try await withServer { workspace, server in
            #expect(await workspace.gp(["timeout", "show"]).output == "30m\n")
            #expect(
                await workspace.gp(["timeout", "set", "2h"]).output == "Workspace timeout has been set to 2 hours.\n")
            let tooLong = await workspace.gp(["timeout", "set", "25h"])
            #expect(tooLong.status == 1)
            #expect(tooLong.errors == "gp: a timeout of 25h is too long: the longest is 24h\n")
            #expect(
                await workspace.gp(["timeout", "extend"]).output == "Workspace timeout has been extended to 3 hours.\n")
            #expect(
                server.received == [
                    "GET /timeout", #"PUT /timeout {"timeout":"2h"}"#, #"PUT /timeout {"timeout":"25h"}"#,
                    "POST /timeout/extend",
                ])
        }
    }

    @Test func stopAndPortVisibilityAskTheServer() async throws {
        try await withServer { workspace, server in
            let stop = await workspace.gp(["stop"])
            #expect(stop.status == 0, "\(stop.errors)")
            #expect(stop.output.isEmpty)
            let visibility = await workspace.gp(["ports", "visibility", "3000:public"])
            #expect(visibility.output == "port 3000 is now public\n")
            #expect(server.received == ["POST /stop", #"PUT /ports/3000 {"visibility":"public"}"#])
        }
    }

    @Test func infoAddsWhatTheServerKnows() async throws {
        try await withServer { workspace, _ in
            let table = await workspace.gp(["info"])
            #expect(
                table.output == """
                    Workspace ID  : w1
                    Instance ID   : i1
                    Workspace URL : -
                    Cluster host  : -
                    Repo root     : -
                    Owner         : ada
                    Repository    : ada/project
                    Timeout       : 30m

                    """)
            let json = await workspace.gp(["info", "--json"])
            #expect(
                json.output
                    == #"{"cluster_host":"","instance_id":"i1","owner":"ada","repo_root":"","repository":"ada/project","#
                    + #""timeout":"30m","workspace_id":"w1","workspace_url":""}"# + "\n")
        }
    }

    @Test func commandsTheServerLacksSaySo() async throws {
        try await withServer { workspace, _ in
            let outcome = await workspace.gp(["snapshot"])
            #expect(outcome.status == 1)
            #expect(outcome.errors == "gp: `gp snapshot` is not supported by Swiftpod yet\n")
        }
    }

    @Test func exportsQuoteEveryShellCharacter() throws {
        let variable = WorkspaceChannel.Variable(name: "V", value: "a'b $(rm -rf /) `x` \\ \n")
        #expect(EnvCommand.line(variable, export: true) == "export V='a'\\''b $(rm -rf /) `x` \\ \n'")
        #expect(try EnvCommand.assignment("K='v'") == WorkspaceChannel.Variable(name: "K", value: "v"))
        #expect(try EnvCommand.assignment("K=\"v'") == WorkspaceChannel.Variable(name: "K", value: "\"v'"))
        #expect(try EnvCommand.assignment("K=a=b") == WorkspaceChannel.Variable(name: "K", value: "a=b"))
    }
}
