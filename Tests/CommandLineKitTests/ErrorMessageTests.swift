import CommandLineKit
import Testing

@Suite("Usage errors name what is wrong and point at the right help")
struct ErrorMessageTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var arguments: [String]
        var environment: [String: String] = [:]
        var message: String
        var helpCommand: String
        var testDescription: String { arguments.joined(separator: " ") }
    }

    @Test(
        "Each mistake gives its message, exit status 64 and a pointer to --help",
        arguments: [
            Case(
                arguments: ["server", "--lisen", "x"], message: "unknown option '--lisen'; did you mean '--listen'?",
                helpCommand: "swiftpod server"),
            Case(
                arguments: ["server", "--lsiten=x"], message: "unknown option '--lsiten'; did you mean '--listen'?",
                helpCommand: "swiftpod server"),
            Case(
                arguments: ["server", "--zzzzzz"], message: "unknown option '--zzzzzz'", helpCommand: "swiftpod server"),
            Case(arguments: ["server", "-x"], message: "unknown option '-x'", helpCommand: "swiftpod server"),
            Case(arguments: ["server", "-vxq"], message: "unknown option '-x'", helpCommand: "swiftpod server"),
            Case(
                arguments: ["server", "--listen"], message: "missing value for option '--listen'",
                helpCommand: "swiftpod server"),
            Case(
                arguments: ["server", "--listen", "--json"], message: "missing value for option '--listen'",
                helpCommand: "swiftpod server"),
            Case(
                arguments: ["server", "-l"], message: "missing value for option '-l'", helpCommand: "swiftpod server"),
            Case(
                arguments: ["server", "--json=yes"], message: "option '--json' does not take a value",
                helpCommand: "swiftpod server"),
            Case(arguments: ["server", "a", "b"], message: "unexpected argument 'b'", helpCommand: "swiftpod server"),
            Case(
                arguments: ["server", "--port", "abc"],
                message: "invalid value 'abc' for '--port': expected an integer", helpCommand: "swiftpod server"),
            Case(
                arguments: ["server"], environment: ["SWIFTPOD_PORT": "8o"],
                message: "invalid value '8o' for '--port' (from SWIFTPOD_PORT): expected an integer",
                helpCommand: "swiftpod server"),
            Case(
                arguments: ["sever"], message: "unknown subcommand 'sever'; did you mean 'server'?",
                helpCommand: "swiftpod"),
            Case(arguments: ["deploy"], message: "unknown subcommand 'deploy'", helpCommand: "swiftpod"),
            Case(
                arguments: ["--verbose"], message: "unknown option '--verbose'", helpCommand: "swiftpod"),
            Case(
                arguments: ["config", "validte"], message: "unknown subcommand 'validte'; did you mean 'validate'?",
                helpCommand: "swiftpod config"),
            Case(
                arguments: ["admin", "create-usr"],
                message: "unknown subcommand 'create-usr'; did you mean 'create-user'?", helpCommand: "swiftpod admin"),
            Case(
                arguments: ["help", "sever"], message: "unknown subcommand 'sever'; did you mean 'server'?",
                helpCommand: "swiftpod"),
            Case(
                arguments: ["config", "validate"], message: "missing argument <path>",
                helpCommand: "swiftpod config validate"),
            Case(
                arguments: ["admin", "create-user", "bob", "--role", "owner"],
                message: "invalid value 'owner' for '--role': expected one of 'member', 'admin'",
                helpCommand: "swiftpod admin create-user"),
            Case(
                arguments: ["admin", "create-user", "bob", "--quota", "lots"],
                message: "invalid value 'lots' for '--quota': expected a number",
                helpCommand: "swiftpod admin create-user"),
            Case(
                arguments: ["admin", "create-user", "bob smith"],
                message: "a login cannot contain spaces: 'bob smith'", helpCommand: "swiftpod admin create-user"),
        ])
    func usageError(_ testCase: Case) async {
        let result = await runSwiftpod(testCase.arguments, environment: testCase.environment)
        #expect(result.status == 64)
        #expect(result.standardError == "error: \(testCase.message)\nsee '\(testCase.helpCommand) --help'\n")
        #expect(result.standardOutput.isEmpty)
        #expect(result.events.isEmpty)
    }

    @Test("Errors expose a code to compare against")
    func codes() throws {
        let unknown = try #require(throws: CommandLineError.self) { try ServerCommand.parse(["--lisen", "x"]) }
        #expect(unknown.code == .unknownOption)
        #expect(unknown.code != .missingValue)
        let missing = try #require(throws: CommandLineError.self) { try ValidateCommand.parse([]) }
        #expect(missing.code == .missingArgument)
        #expect(missing.description == "missing argument <path>")
    }
}
