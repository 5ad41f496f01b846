import Basics
import CommandLineKit

/// The `--log-format` and `--log-level` options that every long-running command takes.
struct LoggingOptions {
    static let parameters: [CommandParameter] = [
        .option(
            "log-format", valueName: "format", default: "logfmt", environmentVariable: "SWIFTPOD_LOG_FORMAT",
            help: "How log lines are written: logfmt or json."),
        .option(
            "log-level", valueName: "level", default: "info", environmentVariable: "SWIFTPOD_LOG_LEVEL",
            help: "The least severe level logged: trace, debug, info, notice, warning, error or critical."),
    ]

    let format: LogFormat
    let level: LogLevel

    init(parsed: ParsedArguments) throws {
        format =
            try parsed.value("log-format", expected: "logfmt or json") { LogFormat(rawValue: $0) } ?? .logfmt
        level =
            try parsed.value(
                "log-level", expected: "trace, debug, info, notice, warning, error or critical"
            ) { LogLevel(name: $0) } ?? .info
    }

    /// The logger a command hands down to what it runs.
    func makeLogger(label: String) -> Logger {
        Logger(label: label, level: level, handler: StreamLogHandler.standardError(format: format))
    }
}
