import CommandLineKit
import Testing

@Suite("Generated help")
struct HelpTests {
    @Test("A leaf command's help lists its usage, arguments and options with defaults and variables")
    func serverHelp() {
        let help = CommandRunner.helpText(root: Swiftpod.self, path: ["server"])
        let expected = """
            OVERVIEW: Runs the Swiftpod server.

            The server keeps running until it receives SIGTERM.

            USAGE: swiftpod server [<options>] [<data-dir>]

            ARGUMENTS:
              <data-dir>              Where the server keeps its data.

            OPTIONS:
              -l, --listen <address>  The address the server listens on.
                                      (default: 127.0.0.1:8080, env: SWIFTPOD_LISTEN)
              -p, --port <number>     The port. (env: SWIFTPOD_PORT)
              -e, --env <name=value>  A variable for workspaces. (repeatable)
              --log-format <format>   How logs are written. (default: logfmt)
              -j, --json              Prints JSON. (env: SWIFTPOD_JSON)
              -v, --verbose           Logs more; repeat for even more.
              -q, --quiet             Logs less.
              -h, --help              Shows help information.

            """
        #expect(help == expected)
    }

    @Test("The root's help lists its subcommands and --version")
    func rootHelp() {
        let help = CommandRunner.helpText(root: Swiftpod.self)
        let expected = """
            OVERVIEW: A self-hostable cloud development environment.

            USAGE: swiftpod <subcommand>

            OPTIONS:
              -h, --help  Shows help information.
              --version   Shows the version.

            SUBCOMMANDS:
              server      Runs the Swiftpod server.
              config      Works with configuration files.
              admin       Administers users.

              See 'swiftpod help <subcommand>' for detailed help.

            """
        #expect(help == expected)
    }

    @Test("A short usage line lists every parameter; repeatable arguments show an ellipsis")
    func shortUsage() {
        let help = CommandRunner.helpText(root: Swiftpod.self, path: ["config", "validate"])
        #expect(help.contains("USAGE: swiftpod config validate [--strict] <path> [<more> ...]\n"))
        #expect(help.contains("  <more> ...  More files to check.\n"))
        #expect(!help.contains("--version"))
    }

    @Test("A group with a default subcommand marks it")
    func defaultSubcommand() {
        let help = CommandRunner.helpText(root: Swiftpod.self, path: ["admin"])
        #expect(help.contains("USAGE: swiftpod admin [<subcommand>]\n"))
        #expect(help.contains("  list-users (default)  Lists users.\n"))
        #expect(help.contains("See 'swiftpod admin help <subcommand>' for detailed help."))
    }

    struct Wordy: Command {
        static let configuration = CommandConfiguration(
            commandName: "wordy",
            parameters: [
                .option(
                    "a-very-long-option-name-indeed", valueName: "some-long-value",
                    help:
                        "This help text is long enough that it has to wrap onto a second line when the help is printed "
                        + "at one hundred columns."),
                .flag("x", help: ""),
            ])

        init(parsed: ParsedArguments) {}
    }

    @Test("Long labels put their description on the next line, and long descriptions wrap")
    func wrapping() {
        let help = CommandRunner.helpText(root: Wordy.self)
        let lines = help.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.allSatisfy { $0.count <= 100 })
        #expect(help.contains("  --a-very-long-option-name-indeed <some-long-value>\n              This help text"))
        #expect(help.contains("  --x\n"))
    }
}
