import CommandLineKit
import Testing

@Suite("Running commands and their exit statuses")
struct CommandRunnerTests {
    @Test("A nested subcommand runs with its arguments and exits 0")
    func nestedSubcommand() async {
        let result = await runSwiftpod(["config", "validate", "--strict", "a.yml", "b.yml"])
        #expect(result.status == 0)
        #expect(result.events == ["validate a.yml,b.yml strict=true"])
        #expect(result.standardError.isEmpty)
    }

    @Test("Two levels down, with defaults and typed values")
    func twoLevels() async {
        let result = await runSwiftpod(["admin", "create-user", "-r", "admin", "alice"])
        #expect(result.status == 0)
        #expect(result.events == ["create-user alice role=admin quota=10.0"])
    }

    @Test("Environment variables reach the command through the runner")
    func environment() async {
        let result = await runSwiftpod(["server"], environment: ["SWIFTPOD_LISTEN": "[::]:9000"])
        #expect(result.events == ["server listen=[::]:9000"])
    }

    @Test("A group's default subcommand runs when no subcommand is named, with its options")
    func defaultSubcommand() async {
        #expect(await runSwiftpod(["admin"]).events == ["list-users json=false"])
        #expect(await runSwiftpod(["admin", "--json"]).events == ["list-users json=true"])
        #expect(await runSwiftpod(["admin", "list-users", "--json"]).events == ["list-users json=true"])
    }

    @Test("A group without a default subcommand prints its help and exits 0")
    func groupPrintsHelp() async {
        let result = await runSwiftpod(["config"])
        #expect(result.status == 0)
        #expect(result.standardOutput == CommandRunner.helpText(root: Swiftpod.self, path: ["config"]))
        #expect(result.standardOutput.contains("validate"))
    }

    @Test("The root without arguments prints its help and exits 0")
    func rootPrintsHelp() async {
        let result = await runSwiftpod([])
        #expect(result.status == 0)
        #expect(result.standardOutput.hasPrefix("OVERVIEW: A self-hostable cloud development environment."))
    }

    @Test("A command's own error is printed and exits 1")
    func commandFailure() async {
        let result = await runSwiftpod(["admin", "create-user", "fail"])
        #expect(result.status == 1)
        #expect(result.standardError == "error: the database is locked\n")
    }

    @Test("ExitCode ends with its status and prints nothing")
    func explicitExitCode() async {
        let result = await runSwiftpod(["admin", "create-user", "exit3"])
        #expect(result.status == 3)
        #expect(result.standardError.isEmpty)
        #expect(result.standardOutput.isEmpty)
    }

    @Test("--version on the root prints the version")
    func version() async {
        let result = await runSwiftpod(["--version"])
        #expect(result.status == 0)
        #expect(result.standardOutput == "swiftpod 0.1.0\n")
        #expect(await runSwiftpod(["server", "--version"]).status == 64)
    }

    @Test(
        "--help, -h and 'help' print the same text and exit 0",
        arguments: [
            (["server", "--help"], ["server"]),
            (["server", "-h"], ["server"]),
            (["server", "--listen", "x", "--help"], ["server"]),
            (["server", "--lisen", "--help"], ["server"]),
            (["help", "server"], ["server"]),
            (["--help"], []),
            (["-h"], []),
            (["help"], []),
            (["config", "validate", "-h"], ["config", "validate"]),
            (["help", "config", "validate"], ["config", "validate"]),
            (["config", "help", "validate"], ["config", "validate"]),
            (["admin", "--help"], ["admin"]),
            (["admin", "list-users", "--help"], ["admin", "list-users"]),
        ])
    func help(arguments: [String], path: [String]) async {
        let result = await runSwiftpod(arguments)
        #expect(result.status == 0)
        #expect(result.standardOutput == CommandRunner.helpText(root: Swiftpod.self, path: path))
        #expect(result.standardError.isEmpty)
        #expect(result.events.isEmpty)
    }

    @Test("--help after '--' is an argument, not a request for help")
    func helpAfterDoubleDash() async {
        let result = await runSwiftpod(["config", "validate", "a.yml", "--", "--help"])
        #expect(result.status == 0)
        #expect(result.events == ["validate a.yml,--help strict=false"])
    }
}
