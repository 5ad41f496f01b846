import CommandLineKit
import Foundation
import TestSupport
import Testing

@testable import GPCommands

/// `gp` commands that need little from the workspace: errors, URLs, info, init, validate, and the commands that need
/// the server when it is not there.
@Suite struct GPCommandLineTests {
    @Test func commandDefinitionsAreConsistent() {
        #expect(GP.definitionProblems.isEmpty)
    }

    @Test func unknownCommandsGetAUsageErrorWithASuggestion() async throws {
        let workspace = try await GPWorkspace.start()
        let outcome = await workspace.gp(["prots", "list"])
        #expect(outcome.status == 64)
        #expect(outcome.errors == "error: unknown subcommand 'prots'; did you mean 'ports'?\nsee 'gp --help'\n")
        try await workspace.stop()
    }

    @Test func aMissingSupervisorIsNamedWithTheSocket() async throws {
        let workspace = try await GPWorkspace.start()
        let socket = workspace.directory.path + "/missing.sock"
        let outcome = await workspace.gp(["tasks", "list"], environment: ["SWIFTPOD_SUPERVISOR_SOCKET": socket])
        #expect(outcome.status == 1)
        #expect(
            outcome.errors
                == "gp: cannot reach the workspace supervisor at \(socket): No such file or directory (gp works "
                + "inside a Swiftpod workspace)\n")
        #expect(outcome.output.isEmpty)
        try await workspace.stop()
    }

    @Test func theDefaultSocketIsTheWorkspacesOne() {
        #expect(SupervisorClient(environment: [:]).socketPath == "/.swiftpod/run/supervisor.sock")
        #expect(
            SupervisorClient(environment: ["SWIFTPOD_SUPERVISOR_SOCKET": ""]).socketPath
                == "/.swiftpod/run/supervisor.sock")
        #expect(
            SupervisorClient(environment: ["SWIFTPOD_SUPERVISOR_SOCKET": "/run/s.sock"]).socketPath == "/run/s.sock")
    }

    @Test func versionPrintsTheVersion() async throws {
        let workspace = try await GPWorkspace.start()
        #expect(await workspace.gp(["version"]).output == "0.1.0\n")
        #expect(await workspace.gp(["--version"]).output == "0.1.0\n")
        try await workspace.stop()
    }

    @Test(arguments: [
        ("http://abc123.localhost:8080", "http://3000-abc123.localhost:8080"),
        ("https://abc123.ws.example.com", "https://3000-abc123.ws.example.com"),
    ])
    func portURLsPrefixTheWorkspaceHost(workspaceURL: String, portURL: String) {
        #expect(WorkspaceURL.url(ofPort: 3000, workspaceURL: workspaceURL) == portURL)
    }

    @Test func portURLsNeedAnHTTPWorkspaceURL() {
        #expect(WorkspaceURL.url(ofPort: 3000, workspaceURL: "abc123.localhost") == nil)
        #expect(WorkspaceURL.url(ofPort: 3000, workspaceURL: "http://") == nil)
    }

    @Test func urlPrintsTheWorkspaceOrPortURL() async throws {
        let workspace = try await GPWorkspace.start(
            env: ["GITPOD_WORKSPACE_URL": "http://fromsupervisor.localhost:8080"])
        let environment = ["GITPOD_WORKSPACE_URL": GPWorkspace.workspaceURL]
        #expect(await workspace.gp(["url"], environment: environment).output == "http://abc123.localhost:8080\n")
        #expect(
            await workspace.gp(["url", "3000"], environment: environment).output
                == "http://3000-abc123.localhost:8080\n")
        // Without GITPOD_WORKSPACE_URL, the supervisor's environment says.
        #expect(await workspace.gp(["url", "8080"]).output == "http://8080-fromsupervisor.localhost:8080\n")
        let zero = await workspace.gp(["url", "0"])
        #expect(zero.status == 64)
        #expect(zero.errors.contains("invalid value '0' for <port>: expected a port from 1 to 65535"))
        try await workspace.stop()
    }

    @Test func urlFailsClearlyWithoutAWorkspaceURL() async throws {
        let workspace = try await GPWorkspace.start()
        let outcome = await workspace.gp(["url"])
        #expect(outcome.status == 1)
        #expect(
            outcome.errors
                == "gp: this workspace has no URL yet: neither GITPOD_WORKSPACE_URL nor the supervisor names one\n")
        try await workspace.stop()
    }

    @Test func infoPrintsTheWorkspaceIdentity() async throws {
        let workspace = try await GPWorkspace.start(env: [
            "GITPOD_WORKSPACE_ID": "abc123", "GITPOD_INSTANCE_ID": "inst-1",
            "GITPOD_WORKSPACE_URL": "http://abc123.localhost:8080", "GITPOD_REPO_ROOT": "/workspace/repo",
        ])
        let table = await workspace.gp(["info"])
        #expect(table.status == 0)
        #expect(
            table.output == """
                Workspace ID  : abc123
                Instance ID   : inst-1
                Workspace URL : http://abc123.localhost:8080
                Cluster host  : -
                Repo root     : /workspace/repo

                """)
        let json = await workspace.gp(["info", "--json"])
        #expect(
            json.output
                == #"{"cluster_host":"","instance_id":"inst-1","repo_root":"/workspace/repo","#
                + #""workspace_id":"abc123","workspace_url":"http://abc123.localhost:8080"}"# + "\n")
        try await workspace.stop()
    }

    @Test func initWritesAStarterThatValidatesAndRefusesToOverwrite() async throws {
        let workspace = try await GPWorkspace.start()
        let repository = try TemporaryDirectory(prefix: "gp-init")
        let file = repository.path + "/.gitpod.yml"
        let first = await workspace.gp(["init"], workingDirectory: repository.path)
        #expect(first.status == 0)
        #expect(first.output == "Wrote \(file); check it with 'gp validate'.\n")
        #expect(try String(contentsOfFile: file, encoding: .utf8) == InitCommand.starter(minimal: false))

        let validate = await workspace.gp(["validate"], workingDirectory: repository.path)
        #expect(validate.status == 0)
        #expect(validate.output == ".gitpod.yml: valid\n")

        try "tasks: []\n# mine\n".write(toFile: file, atomically: false, encoding: .utf8)
        let second = await workspace.gp(["init"], workingDirectory: repository.path)
        #expect(second.status == 1)
        #expect(second.errors == "gp: \(file) already exists: pass --force to replace it\n")
        #expect(try String(contentsOfFile: file, encoding: .utf8) == "tasks: []\n# mine\n")
        #expect(await workspace.gp(["init", "--force", "--minimal"], workingDirectory: repository.path).status == 0)
        #expect(try String(contentsOfFile: file, encoding: .utf8) == InitCommand.starter(minimal: true))
        #expect(await workspace.gp(["validate", ".gitpod.yml"], workingDirectory: repository.path).status == 0)
        try await workspace.stop()
    }

    @Test func validateReadsTheRepositoryRootAndReportsProblems() async throws {
        let workspace = try await GPWorkspace.start()
        let repository = try TemporaryDirectory(prefix: "gp-validate")
        try "tasks:\n  - command: 3\n    bogus: yes\n".write(
            toFile: repository.path + "/.gitpod.yml", atomically: false, encoding: .utf8)
        let outcome = await workspace.gp(["validate"], environment: ["GITPOD_REPO_ROOT": repository.path])
        #expect(outcome.status == 1)
        let lines = outcome.output.split(separator: "\n")
        #expect(!lines.isEmpty)
        #expect(lines.allSatisfy { $0.hasPrefix(".gitpod.yml:") })
        #expect(outcome.output.contains("bogus"))
        try await workspace.stop()
    }

    @Test(arguments: [
        (["env", "FOO=bar"], "env"),
        (["env", "-u", "FOO"], "env"),
        (["timeout", "extend"], "timeout extend"),
        (["timeout", "set", "1h30m"], "timeout set"),
        (["timeout", "show"], "timeout show"),
        (["stop"], "stop"),
        (["snapshot"], "snapshot"),
        (["ports", "visibility", "3000:public"], "ports visibility"),
    ])
    func serverCommandsSayTheServerIsNeeded(arguments: [String], command: String) async throws {
        let workspace = try await GPWorkspace.start()
        let outcome = await workspace.gp(arguments)
        #expect(outcome.status == 1)
        #expect(
            outcome.errors
                == "gp: the Swiftpod server is not connected to this workspace: there is no "
                + "\(workspace.directory.path)/server.sock; `gp \(command)` needs it\n")
        try await workspace.stop()
    }

    @Test(arguments: [
        (
            ["ports", "visibility", "3000"],
            "cannot parse '3000': expected something like '3000:public' or '3000:private'"
        ),
        (["ports", "visibility", "3000:secret"], "invalid visibility 'secret': expected 'public' or 'private'"),
        (["timeout", "set", "soon"], "invalid duration 'soon': expected hours, minutes and seconds such as 1h30m"),
        (["env", "=bar"], "'=bar' has no name: expected NAME=VALUE"),
        (["env", "FOO="], "'FOO' needs a value: to delete it, use 'gp env -u FOO'"),
        (["env", "-u", "A=b"], "'A=b' is not a variable name"),
        (["env", "-u"], "'--unset' needs the names of the variables to delete"),
        (["open"], "missing argument <files>"),
        (["preview", "ftp://example.com/x"], "'ftp://example.com/x' is not an http:// or https:// URL"),
        (["preview", "localhost:3000"], "'localhost:3000' is not an http:// or https:// URL"),
        (["tasks", "stop"], "pass the terminal ID of the task to stop ('gp tasks list' shows it) or '--all'"),
        (["sync-await", "x", "--timeout", "-1"], "invalid value '-1' for '--timeout': expected a positive number"),
    ])
    func badArgumentsAreUsageErrors(arguments: [String], message: String) async throws {
        let workspace = try await GPWorkspace.start()
        let outcome = await workspace.gp(arguments)
        #expect(outcome.status == 64)
        #expect(outcome.errors.contains(message))
        try await workspace.stop()
    }

    @Test func durationsFollowGoNotation() {
        for valid in ["30m", "1h30m", "45s", "1h", "2h3m4s"] { #expect(TimeoutSetCommand.isDuration(valid)) }
        for invalid in ["", "m", "30", "30x", "1m1h", "1h1h", "-5m"] { #expect(!TimeoutSetCommand.isDuration(invalid)) }
    }

    @Test func tablesPadColumnsUnderUpperCaseHeaders() {
        var table = TextTable(headers: ["Port", "Status"])
        table.append(["3000", "open (127.0.0.1 only)"])
        table.append(["80", "open"])
        #expect(
            table.text == """
                | PORT | STATUS                |
                |------|-----------------------|
                | 3000 | open (127.0.0.1 only) |
                | 80   | open                  |

                """)
    }
}
