import CommandLineKit
import Testing

@Suite("Parsing options, flags and arguments")
struct ParsingTests {
    @Test(
        "Every spelling of an option gives its value",
        arguments: [
            ["--listen", "0.0.0.0:80"], ["--listen=0.0.0.0:80"], ["-l", "0.0.0.0:80"], ["-l0.0.0.0:80"],
            ["-l=0.0.0.0:80"], ["-vl", "0.0.0.0:80"],
        ])
    func optionSpellings(arguments: [String]) throws {
        let parsed = try ServerCommand.parse(arguments).parsed
        #expect(parsed.string("listen") == "0.0.0.0:80")
        #expect(parsed.source(of: "listen") == .commandLine)
    }

    @Test("An option's value may contain '=' and may be empty when given with '='")
    func valuesWithEquals() throws {
        #expect(try ServerCommand.parse(["--env=A=1"]).parsed.strings("env") == ["A=1"])
        #expect(try ServerCommand.parse(["--listen="]).parsed.string("listen") == "")
    }

    @Test("Flags are false when absent and true when given, long or short")
    func flags() throws {
        #expect(try ServerCommand.parse([]).parsed.flag("json") == false)
        #expect(try ServerCommand.parse(["--json"]).parsed.flag("json"))
        #expect(try ServerCommand.parse(["-j"]).parsed.flag("json"))
    }

    @Test("Short flags combine, and repeated flags are counted")
    func combinedShortFlags() throws {
        let parsed = try ServerCommand.parse(["-vq", "-vv", "--verbose"]).parsed
        #expect(parsed.flag("quiet"))
        #expect(parsed.flagCount("verbose") == 4)
        #expect(parsed.flag("json") == false)
    }

    @Test("A combined group may end with an option that takes the next word or the rest of the group")
    func combinedFlagsEndingInOption() throws {
        let separate = try ServerCommand.parse(["-jp", "9000"]).parsed
        #expect(separate.flag("json"))
        #expect(try separate.int("port") == 9000)
        let attached = try ServerCommand.parse(["-jp9000"]).parsed
        #expect(try attached.int("port") == 9000)
    }

    @Test("A repeatable option keeps every value in order")
    func repeatableOption() throws {
        let parsed = try ServerCommand.parse(["-e", "A=1", "--env", "B=2", "--env=C=3"]).parsed
        #expect(parsed.strings("env") == ["A=1", "B=2", "C=3"])
        #expect(parsed.string("env") == "C=3")
    }

    @Test("A single-value option given twice keeps the last value")
    func lastValueWins() throws {
        let parsed = try ServerCommand.parse(["--listen", "a:1", "--listen", "b:2"]).parsed
        #expect(parsed.string("listen") == "b:2")
        #expect(parsed.strings("listen") == ["b:2"])
    }

    @Test("Defaults fill options that were not given")
    func defaults() throws {
        let parsed = try ServerCommand.parse([]).parsed
        #expect(parsed.string("listen") == "127.0.0.1:8080")
        #expect(parsed.source(of: "listen") == .defaultValue)
        #expect(parsed.string("port") == nil)
        #expect(parsed.source(of: "port") == nil)
        #expect(parsed.strings("env").isEmpty)
    }

    @Test("Positional arguments may come before, between and after options")
    func positionalsAnywhere() throws {
        #expect(try ServerCommand.parse(["/data", "--json"]).parsed.string("data-dir") == "/data")
        #expect(try ServerCommand.parse(["--json", "/data"]).parsed.string("data-dir") == "/data")
        #expect(try ServerCommand.parse(["-l", "x:1", "/data", "-q"]).parsed.string("data-dir") == "/data")
        #expect(try ServerCommand.parse([]).parsed.string("data-dir") == nil)
    }

    @Test("'--' ends the options: what follows is positional, even when it starts with a dash")
    func doubleDashEndsOptions() throws {
        let parsed = try ValidateCommand.parse(["a.yml", "--", "--strict", "-h", "--"]).parsed
        #expect(parsed.string("path") == "a.yml")
        #expect(parsed.strings("more") == ["--strict", "-h", "--"])
        #expect(parsed.flag("strict") == false)
    }

    @Test("A lone dash and negative numbers are values, not options")
    func dashAndNegativeNumbers() throws {
        #expect(try ServerCommand.parse(["-"]).parsed.string("data-dir") == "-")
        #expect(try ServerCommand.parse(["--port", "-1"]).parsed.int("port") == -1)
        #expect(try ServerCommand.parse(["-p", "-2"]).parsed.int("port") == -2)
    }

    @Test("A repeatable argument takes every remaining value")
    func repeatableArgument() throws {
        let parsed = try ValidateCommand.parse(["a.yml", "b.yml", "--strict", "c.yml"]).parsed
        #expect(parsed.string("path") == "a.yml")
        #expect(parsed.strings("more") == ["b.yml", "c.yml"])
        #expect(parsed.flag("strict"))
    }

    @Test("Typed accessors convert values, including string-backed enums")
    func typedValues() throws {
        let command = try CreateUserCommand.parse(["alice", "--role", "admin", "--quota", "2.5"])
        #expect(command.name == "alice")
        #expect(command.role == .admin)
        #expect(command.quota == 2.5)
        let parsed = try ServerCommand.parse(["-p", "8443", "--log-format", "json"]).parsed
        #expect(try parsed.value("port", as: UInt16.self) == 8443)
        let format = try parsed.value("log-format", expected: "logfmt or json") {
            ["logfmt", "json"].contains($0) ? $0 : nil
        }
        #expect(format == "json")
    }

    @Test("values(_:as:) converts every value of a repeatable option")
    func typedRepeatableValues() throws {
        let parsed = try ServerCommand.parse(["-e", "1", "-e", "2"]).parsed
        #expect(try parsed.values("env", as: Int.self) == [1, 2])
        #expect(throws: CommandLineError.self) {
            try ServerCommand.parse(["-e", "x"]).parsed.values("env", as: Int.self)
        }
    }

    @Test("The parsed arguments know the command path")
    func commandPath() throws {
        #expect(try ServerCommand.parse([]).parsed.commandPath == ["server"])
    }

    @Test("Command.parse refuses --help, which only the runner can answer")
    func parseRefusesHelp() {
        #expect { try ServerCommand.parse(["--help"]) } throws: { error in
            (error as? CommandLineError)?.code == .helpRequested
        }
    }
}
