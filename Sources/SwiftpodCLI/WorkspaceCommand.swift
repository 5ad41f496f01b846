import CommandLineKit

/// `swiftpod workspace`: workspaces on a Swiftpod server, through its API.
struct WorkspaceCommand: Command {
    static let configuration = CommandConfiguration(
        commandName: "workspace",
        abstract: "Creates, lists, starts, stops and reaches workspaces on the server you signed in to.",
        discussion: "Sign in first with 'swiftpod login URL', or set SWIFTPOD_URL and SWIFTPOD_TOKEN.",
        subcommands: [
            WorkspaceCreateCommand.self, WorkspaceListCommand.self, WorkspaceGetCommand.self,
            WorkspaceStartCommand.self, WorkspaceStopCommand.self, WorkspaceDeleteCommand.self,
            WorkspaceOpenCommand.self, WorkspaceURLCommand.self, WorkspaceLogsCommand.self, WorkspaceExecCommand.self,
            WorkspaceWatchCommand.self,
        ]
    )

    init(parsed: ParsedArguments) throws {}

    /// How long `--wait` waits by default: Gitpod's initialization timeout.
    static let defaultWaitTimeout = "30m"

    /// The `--wait` and `--timeout` options of the commands that start or stop a workspace.
    static let waitParameters: [CommandParameter] = [
        .flag(
            "wait", help: "Waits until the workspace runs (or, for stop, is stopped), showing each phase and its time."),
        .option(
            "timeout", valueName: "duration", default: defaultWaitTimeout,
            help: "How long --wait waits: seconds, minutes or hours (90s, 10m, 1h)."),
    ]

    /// Reads `--timeout`.
    static func waitTimeout(_ parsed: ParsedArguments) throws -> Duration {
        try parsed.value("timeout", expected: "a duration such as 90s, 10m or 1h") { parseDuration($0) }
            ?? .seconds(1800)
    }

    /// `90s`, `10m`, `1h` (or a number of seconds) as a duration; nil when it is not one or not positive.
    static func parseDuration(_ text: String) -> Duration? {
        let units: [Character: Int64] = ["s": 1, "m": 60, "h": 3600]
        var digits = Substring(text)
        var unit: Int64 = 1
        if let last = text.last, let factor = units[last] {
            digits = text.dropLast()
            unit = factor
        }
        guard !digits.isEmpty, digits.count <= 7, digits.allSatisfy({ $0.isASCII && $0.isNumber }),
            let count = Int64(digits), count > 0
        else { return nil }
        return .seconds(count * unit)
    }
}
