import CommandLineKit
import Testing

@Suite("Checking command definitions")
struct DefinitionProblemsTests {
    @Test("The fixture tree is sound")
    func soundTree() {
        #expect(Swiftpod.definitionProblems.isEmpty)
    }

    struct Broken: Command {
        static let configuration = CommandConfiguration(
            commandName: "broken",
            parameters: [
                .option("name", short: "n", help: ""),
                .flag("name", help: ""),
                .flag("nice", short: "n", help: ""),
                .flag("help", help: ""),
                .flag("hush", short: "h", help: ""),
                .option("--dashed", help: ""),
                .argument("rest", repeatable: true, help: ""),
                .argument("maybe", optional: true, help: ""),
                .argument("needed", help: ""),
            ],
            subcommands: [Leaf.self, Leaf.self],
            defaultSubcommand: Swiftpod.self)

        init(parsed: ParsedArguments) {}
    }

    struct Leaf: Command {
        static let configuration = CommandConfiguration(
            commandName: "leaf", parameters: [.argument("a", help: ""), .argument("a", help: "")])

        init(parsed: ParsedArguments) {}
    }

    @Test("Every kind of mistake is reported, naming the command")
    func brokenDefinition() {
        let problems = Broken.definitionProblems
        let expected = [
            "'broken': 'name' is declared twice",
            "'broken': '-n' is declared twice",
            "'broken': '--help' is reserved",
            "'broken': '-h' is reserved",
            "'broken': '--dashed' is not a valid name",
            "'broken': repeatable argument <rest> is not the last argument",
            "'broken': required argument <needed> follows an optional one",
            "'broken': subcommand 'leaf' is declared twice",
            "'broken': the default subcommand is not one of its subcommands",
            "'broken leaf': 'a' is declared twice",
            "'broken leaf': 'a' is declared twice",
        ]
        #expect(problems == expected)
    }
}
