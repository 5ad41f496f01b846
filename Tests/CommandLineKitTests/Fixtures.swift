import CommandLineKit
import Synchronization

// A small `swiftpod`-like command tree used by every suite.

/// Records what the fixture commands did, per test through a task-local.
final class RunRecorder: Sendable {
    @TaskLocal static var current: RunRecorder?

    private let storage = Mutex<[String]>([])

    var events: [String] { storage.withLock { $0 } }

    func record(_ event: String) {
        storage.withLock { $0.append(event) }
    }
}

/// Collects what the runner prints.
final class OutputCollector: Sendable {
    private let out = Mutex("")
    private let err = Mutex("")

    var standardOutput: String { out.withLock { $0 } }
    var standardError: String { err.withLock { $0 } }

    var output: CommandOutput {
        CommandOutput(
            standardOutput: { text in self.out.withLock { $0 += text } },
            standardError: { text in self.err.withLock { $0 += text } })
    }
}

/// The outcome of one run of the fixture executable.
struct RunResult {
    var status: Int32
    var standardOutput: String
    var standardError: String
    var events: [String]
}

/// Runs `swiftpod <arguments>` against the fixture tree.
func runSwiftpod(_ arguments: [String], environment: [String: String] = [:]) async -> RunResult {
    let collector = OutputCollector()
    let recorder = RunRecorder()
    let status = await RunRecorder.$current.withValue(recorder) {
        await CommandRunner.run(
            root: Swiftpod.self, arguments: ["/usr/local/bin/swiftpod"] + arguments, environment: environment,
            output: collector.output)
    }
    return RunResult(
        status: status, standardOutput: collector.standardOutput, standardError: collector.standardError,
        events: recorder.events)
}

struct Swiftpod: Command {
    static let configuration = CommandConfiguration(
        commandName: "swiftpod",
        abstract: "A self-hostable cloud development environment.",
        version: "swiftpod 0.1.0",
        subcommands: [ServerCommand.self, ConfigCommand.self, AdminCommand.self])

    init(parsed: ParsedArguments) {}
}

struct ServerCommand: Command {
    static let configuration = CommandConfiguration(
        commandName: "server",
        abstract: "Runs the Swiftpod server.",
        discussion: "The server keeps running until it receives SIGTERM.",
        parameters: [
            .option(
                "listen", short: "l", valueName: "address", default: "127.0.0.1:8080",
                environmentVariable: "SWIFTPOD_LISTEN", help: "The address the server listens on."),
            .option("port", short: "p", valueName: "number", environmentVariable: "SWIFTPOD_PORT", help: "The port."),
            .option("env", short: "e", valueName: "name=value", repeatable: true, help: "A variable for workspaces."),
            .option("log-format", valueName: "format", default: "logfmt", help: "How logs are written."),
            .flag("json", short: "j", environmentVariable: "SWIFTPOD_JSON", help: "Prints JSON."),
            .flag("verbose", short: "v", help: "Logs more; repeat for even more."),
            .flag("quiet", short: "q", help: "Logs less."),
            .argument("data-dir", optional: true, help: "Where the server keeps its data."),
        ])

    let parsed: ParsedArguments

    init(parsed: ParsedArguments) throws {
        self.parsed = parsed
        _ = try parsed.int("port")
    }

    func run() async throws {
        RunRecorder.current?.record("server listen=\(parsed.string("listen") ?? "-")")
    }
}

struct ConfigCommand: Command {
    static let configuration = CommandConfiguration(
        commandName: "config", abstract: "Works with configuration files.",
        subcommands: [ValidateCommand.self])

    init(parsed: ParsedArguments) {}
}

struct ValidateCommand: Command {
    static let configuration = CommandConfiguration(
        commandName: "validate", abstract: "Checks a configuration file.",
        parameters: [
            .flag("strict", help: "Treats warnings as errors."),
            .argument("path", help: "The configuration file."),
            .argument("more", optional: true, repeatable: true, help: "More files to check."),
        ])

    let parsed: ParsedArguments

    init(parsed: ParsedArguments) {
        self.parsed = parsed
    }

    func run() async throws {
        let paths = try [parsed.required("path")] + parsed.strings("more")
        RunRecorder.current?.record("validate \(paths.joined(separator: ",")) strict=\(parsed.flag("strict"))")
    }
}

struct AdminCommand: Command {
    static let configuration = CommandConfiguration(
        commandName: "admin", abstract: "Administers users.",
        subcommands: [CreateUserCommand.self, ListUsersCommand.self], defaultSubcommand: ListUsersCommand.self)

    init(parsed: ParsedArguments) {}
}

struct CommandFailure: Error, CustomStringConvertible {
    var description: String { "the database is locked" }
}

struct CreateUserCommand: Command {
    enum Role: String, CaseIterable, ArgumentValue {
        case member, admin
    }

    static let configuration = CommandConfiguration(
        commandName: "create-user", abstract: "Creates a user.",
        parameters: [
            .option("role", short: "r", default: "member", help: "The user's role."),
            .option("quota", valueName: "gigabytes", default: "10", help: "The disk quota."),
            .argument("name", help: "The user's login."),
        ])

    var name: String
    var role: Role
    var quota: Double

    init(parsed: ParsedArguments) throws {
        name = try parsed.required("name")
        role = try parsed.required("role", as: Role.self)
        quota = try parsed.required("quota", as: Double.self)
        if name.contains(" ") {
            throw ValidationError("a login cannot contain spaces: '\(name)'")
        }
    }

    func run() async throws {
        switch name {
        case "fail": throw CommandFailure()
        case "exit3": throw ExitCode(3)
        default: RunRecorder.current?.record("create-user \(name) role=\(role.rawValue) quota=\(quota)")
        }
    }
}

struct ListUsersCommand: Command {
    static let configuration = CommandConfiguration(
        commandName: "list-users", abstract: "Lists users.",
        parameters: [.flag("json", help: "Prints JSON.")])

    let json: Bool

    init(parsed: ParsedArguments) {
        json = parsed.flag("json")
    }

    func run() async throws {
        RunRecorder.current?.record("list-users json=\(json)")
    }
}
