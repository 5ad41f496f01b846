import CommandLineKit

/// `gp timeout`: groups the commands about the workspace's inactivity timeout (answered by the server).
struct TimeoutCommand: Command {
    static let configuration = CommandConfiguration(
        commandName: "timeout",
        abstract: "Interacts with the workspace's timeout.",
        subcommands: [TimeoutExtendCommand.self, TimeoutSetCommand.self, TimeoutShowCommand.self]
    )

    init(parsed: ParsedArguments) throws {}
}

/// `gp timeout extend`: sets the timeout to 180 minutes, as Gitpod's does.
struct TimeoutExtendCommand: GPCommand {
    static let configuration = CommandConfiguration(
        commandName: "extend", abstract: "Extends the workspace's timeout to 3 hours.")

    init(parsed: ParsedArguments) throws {}

    func execute(context: GPContext, supervisor: SupervisorClient) async throws {
        let timeout = try await ServerCommand.run("timeout extend") { try await supervisor.extendWorkspaceTimeout() }
        context.print("Workspace timeout has been extended to \(timeout.humanReadable).")
    }
}

/// `gp timeout set DURATION`: sets the timeout, such as `30m` or `1h30m`.
struct TimeoutSetCommand: GPCommand {
    static let configuration = CommandConfiguration(
        commandName: "set",
        abstract: "Sets the workspace's timeout.",
        parameters: [.argument("duration", help: "The timeout, such as 30m, 90m or 1h30m (at most 24h).")]
    )

    let duration: String

    init(parsed: ParsedArguments) throws {
        duration = try parsed.required("duration")
        guard Self.isDuration(duration) else {
            throw ValidationError("invalid duration '\(duration)': expected hours, minutes and seconds such as 1h30m")
        }
    }

    /// Whether `text` is a duration in Go's `h`, `m`, `s` notation: `90m`, `1h30m`, `45s`.
    static func isDuration(_ text: String) -> Bool {
        var rest = Substring(text)
        var units = ["h", "m", "s"][...]
        var sawAny = false
        while !rest.isEmpty {
            let digits = rest.prefix { $0.isASCII && $0.isNumber }
            guard !digits.isEmpty, let unit = rest.dropFirst(digits.count).first,
                let index = units.firstIndex(of: String(unit))
            else { return false }
            units = units[(index + 1)...]
            rest = rest.dropFirst(digits.count + 1)
            sawAny = true
        }
        return sawAny
    }

    func execute(context: GPContext, supervisor: SupervisorClient) async throws {
        let timeout = try await ServerCommand.run("timeout set") { try await supervisor.setWorkspaceTimeout(duration) }
        context.print("Workspace timeout has been set to \(timeout.humanReadable).")
    }
}

/// `gp timeout show`: prints the workspace's timeout.
struct TimeoutShowCommand: GPCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Shows the workspace's timeout.")

    init(parsed: ParsedArguments) throws {}

    func execute(context: GPContext, supervisor: SupervisorClient) async throws {
        context.print(try await ServerCommand.run("timeout show") { try await supervisor.workspaceTimeout() }.timeout)
    }
}
