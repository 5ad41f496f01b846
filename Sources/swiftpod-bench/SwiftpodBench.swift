import CommandLineKit

/// The `swiftpod-bench` command: the programs behind `bench/start/run`.
struct SwiftpodBench: Command {
    static let configuration = CommandConfiguration(
        commandName: "swiftpod-bench",
        abstract: "Generates benchmark trees and times backups, restores and workspace starts against their floors.",
        discussion: "Driven by bench/start/run, which builds it in release mode and prints the RESULT line.",
        subcommands: [TreeCommand.self, BackupCommand.self, StartCommand.self]
    )

    init(parsed: ParsedArguments) throws {}
}
