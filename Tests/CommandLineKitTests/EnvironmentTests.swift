import CommandLineKit
import Testing

@Suite("Environment variable fallback")
struct EnvironmentTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var arguments: [String]
        var environment: [String: String]
        var listen: String
        var source: ParsedArguments.Source
        var testDescription: String { "\(arguments) with \(environment)" }
    }

    @Test(
        "The command line wins over the environment, which wins over the default",
        arguments: [
            Case(arguments: [], environment: [:], listen: "127.0.0.1:8080", source: .defaultValue),
            Case(
                arguments: [], environment: ["SWIFTPOD_LISTEN": "env:1"], listen: "env:1",
                source: .environment("SWIFTPOD_LISTEN")),
            Case(
                arguments: ["--listen", "cli:2"], environment: ["SWIFTPOD_LISTEN": "env:1"], listen: "cli:2",
                source: .commandLine),
            Case(arguments: ["-l", "cli:2"], environment: [:], listen: "cli:2", source: .commandLine),
            Case(arguments: [], environment: ["SWIFTPOD_LISTEN": ""], listen: "127.0.0.1:8080", source: .defaultValue),
            Case(arguments: [], environment: ["OTHER": "x"], listen: "127.0.0.1:8080", source: .defaultValue),
        ])
    func precedence(_ testCase: Case) throws {
        let parsed = try ServerCommand.parse(testCase.arguments, environment: testCase.environment).parsed
        #expect(parsed.string("listen") == testCase.listen)
        #expect(parsed.source(of: "listen") == testCase.source)
    }

    @Test("An option without a default reads its environment variable", arguments: ["9000", "1"])
    func optionWithoutDefault(value: String) throws {
        let parsed = try ServerCommand.parse([], environment: ["SWIFTPOD_PORT": value]).parsed
        #expect(try parsed.int("port") == Int(value))
    }

    @Test(
        "A flag reads its environment variable as a boolean",
        arguments: [
            ("1", true), ("true", true), ("YES", true), ("on", true), ("0", false), ("false", false), ("no", false),
            ("off", false), ("", false),
        ])
    func flagFromEnvironment(value: String, expected: Bool) throws {
        let parsed = try ServerCommand.parse([], environment: ["SWIFTPOD_JSON": value]).parsed
        #expect(parsed.flag("json") == expected)
    }

    @Test("A flag on the command line wins over a false environment variable")
    func flagCommandLineWins() throws {
        let parsed = try ServerCommand.parse(["--json"], environment: ["SWIFTPOD_JSON": "false"]).parsed
        #expect(parsed.flag("json"))
        #expect(parsed.source(of: "json") == .commandLine)
    }

    @Test("A bad environment value is reported with the variable's name")
    func badEnvironmentValues() throws {
        let error = try #require(throws: CommandLineError.self) {
            try ServerCommand.parse([], environment: ["SWIFTPOD_PORT": "abc"])
        }
        #expect(error.message == "invalid value 'abc' for '--port' (from SWIFTPOD_PORT): expected an integer")

        let flag = try #require(throws: CommandLineError.self) {
            try ServerCommand.parse([], environment: ["SWIFTPOD_JSON": "maybe"])
        }
        #expect(flag.message == "invalid value 'maybe' for '--json' (from SWIFTPOD_JSON): expected true or false")
    }

    @Test("A required option names its environment variable when both are missing")
    func requiredOptionMessage() throws {
        let parsed = try ServerCommand.parse([]).parsed
        let error = try #require(throws: CommandLineError.self) { try parsed.required("port") }
        #expect(error.code == .missingOption)
        #expect(error.message == "missing option '--port' (or environment variable SWIFTPOD_PORT)")
    }
}
