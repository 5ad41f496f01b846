import Basics
import Testing
import WorkspaceConfig

@Suite struct DevcontainerDecoderTests {
    private func decode(
        _ text: String, folder: String = ".devcontainer"
    ) -> (WorkspaceConfiguration?, [String]) {
        let (configuration, diagnostics) = DevcontainerDecoder.decode(
            text, file: "devcontainer.json", devcontainerFolder: folder)
        return (configuration, diagnostics.map(\.description))
    }

    @Test func imageEnvUserAndExtensions() throws {
        let (decoded, warnings) = decode(
            """
            // A comment before the object
            {
                "image": "mcr.microsoft.com/devcontainers/base", /* inline */
                "containerEnv": {"A": "container", "B": "container", "N": 1},
                "remoteEnv": {"B": "remote",},
                "remoteUser": "vscode",
                "workspaceFolder": "/workspaces/app/src",
                "customizations": {"vscode": {"extensions": ["golang.go",],},},
            }
            """)
        let configuration = try #require(decoded)
        #expect(warnings.isEmpty)
        #expect(configuration.image == .name("mcr.microsoft.com/devcontainers/base"))
        #expect(configuration.env == ["A": "container", "B": "remote", "N": "1"])
        #expect(configuration.remoteUser == "vscode")
        #expect(configuration.workspaceLocation == "app/src")
        #expect(configuration.vscode?.extensions == ["golang.go"])
    }

    @Test(
        arguments: [
            (".devcontainer", "Dockerfile", "..", ".devcontainer/Dockerfile", "."),
            (".devcontainer", "../docker/Dockerfile", nil, "docker/Dockerfile", ".devcontainer"),
            ("", "Dockerfile", nil, "Dockerfile", "."),
        ] as [(String, String, String?, String, String)])
    func buildPathsAreRelativeToTheDevcontainerFolder(
        folder: String, dockerfile: String, context: String?, file: String, resolvedContext: String
    ) throws {
        let contextField = context.map { #", "context": "\#($0)""# } ?? ""
        let (configuration, _) = decode(#"{"build": {"dockerfile": "\#(dockerfile)"\#(contextField)}}"#, folder: folder)
        #expect(try #require(configuration).image == .file(file, context: resolvedContext))
    }

    @Test func portsAndTheirAttributes() throws {
        let (decoded, warnings) = decode(
            """
            {
              "forwardPorts": [3000, "localhost:5432", "db:6379"],
              "portsAttributes": {
                "3000": {"label": "web", "onAutoForward": "openBrowser", "protocol": "https"},
                "5432": {"onAutoForward": "silent"},
                "9000-9100": {"onAutoForward": "ignore"},
                "8080": {"onAutoForward": "openPreview", "elevateIfNeeded": true}
              }
            }
            """)
        let configuration = try #require(decoded)
        var web = PortConfiguration(.single(3000))
        web.name = "web"
        web.onOpen = .openBrowser
        web.protocol = .https
        var database = PortConfiguration(.single(5432))
        database.onOpen = .ignore
        var range = PortConfiguration(.range(9000...9100))
        range.onOpen = .ignoreCompletely
        var preview = PortConfiguration(.single(8080))
        preview.onOpen = .openPreview
        #expect(configuration.ports == [web, database, PortConfiguration(.single(6379)), range, preview])
        #expect(
            warnings == [
                "devcontainer.json:2:44: warning: 'db:6379' in forwardPorts[2] forwards a port of another host ('db'), "
                    + "which is not supported yet; port 6379 of the workspace is forwarded instead",
                "devcontainer.json:7:46: warning: 'elevateIfNeeded' in portsAttributes.8080 is not supported yet and is "
                    + "ignored",
            ])
    }

    @Test(arguments: [
        ("notify", PortConfiguration.OnOpen.notify), ("openBrowser", .openBrowser), ("openPreview", .openPreview),
        ("silent", .ignore), ("ignore", .ignoreCompletely),
    ])
    func onAutoForwardBecomesOnOpen(action: String, onOpen: PortConfiguration.OnOpen) throws {
        let (configuration, _) = decode(#"{"portsAttributes": {"3000": {"onAutoForward": "\#(action)"}}}"#)
        #expect(try #require(configuration).ports.first?.onOpen == onOpen)
    }

    @Test func lifecycleCommandsBecomeOneTask() throws {
        let (decoded, _) = decode(
            """
            {
              "onCreateCommand": ["apt-get", "install", "-y", "it's"],
              "updateContentCommand": "npm ci",
              "postCreateCommand": {"a": "make a", "b": ["make", "b"]},
              "postStartCommand": "npm start",
              "postAttachCommand": ["echo", "hello world"]
            }
            """)
        let task = try #require(decoded?.tasks.first)
        #expect(decoded?.tasks.count == 1)
        #expect(task.name == "devcontainer")
        #expect(task.initialization == "apt-get install -y 'it'\\''s'\nnpm ci\n(make a) &\n(make b) &\nwait")
        #expect(task.command == "npm start\necho 'hello world'")
    }

    @Test func unsupportedKeysAreWarningsNeverDropped() throws {
        let (decoded, warnings) = decode(
            """
            {
              "image": "x",
              "features": {"ghcr.io/devcontainers/features/go:1": {}},
              "dockerComposeFile": "compose.yml", "service": "app", "mounts": [], "runArgs": [],
              "shutdownAction": "none", "hostRequirements": {"cpus": 4}, "colour": "blue"
            }
            """)
        #expect(decoded != nil)
        #expect(
            warnings == [
                "devcontainer.json:3:3: warning: 'features' is not supported yet and is ignored",
                "devcontainer.json:4:3: warning: 'dockerComposeFile' is not supported yet and is ignored",
                "devcontainer.json:4:39: warning: 'service' is not supported yet and is ignored",
                "devcontainer.json:4:57: warning: 'mounts' is not supported yet and is ignored",
                "devcontainer.json:4:71: warning: 'runArgs' is not supported yet and is ignored",
                "devcontainer.json:5:3: warning: 'shutdownAction' is not supported yet and is ignored",
                "devcontainer.json:5:29: warning: 'hostRequirements' is not supported yet and is ignored",
                "devcontainer.json:5:62: warning: 'colour' is not supported yet and is ignored",
            ])
    }

    @Test func aMistypedKeyGetsASuggestion() {
        let (_, warnings) = decode(#"{"postCreateComand": "make"}"#)
        #expect(
            warnings == [
                "devcontainer.json:1:2: warning: 'postCreateComand' is not supported yet and is ignored; did you mean "
                    + "'postCreateCommand'?"
            ])
    }

    @Test func variablesAreNamedInWarnings() {
        let (_, warnings) = decode(#"{"postCreateCommand": "cd ${containerWorkspaceFolder} && echo ${HOME}"}"#)
        #expect(
            warnings == [
                "devcontainer.json:1:23: warning: the devcontainer variable '${containerWorkspaceFolder}' is not "
                    + "substituted yet and is passed on as written"
            ])
    }

    @Test func typeErrorsInSupportedKeysAreErrors() {
        let (configuration, problems) = decode(
            #"{"image": ["a"], "forwardPorts": ["web"], "portsAttributes": {"1": {"onAutoForward": "loud"}}}"#)
        #expect(configuration == nil)
        #expect(
            problems == [
                "devcontainer.json:1:11: image must be a string, not a sequence",
                "devcontainer.json:1:35: invalid port 'web' in forwardPorts[0]; expected a number from 1 to 65535 or "
                    + "'host:port'",
                "devcontainer.json:1:86: invalid value 'loud' for portsAttributes.1.onAutoForward; allowed: notify, "
                    + "openBrowser, openBrowserOnce, openPreview, silent, ignore",
            ])
    }

    @Test(arguments: [
        ("{\"a\": 1", "devcontainer.json:1:8: expected ',' or '}' after the value of 'a'"),
        ("{\"a\": tru}", "devcontainer.json:1:7: invalid value 'tru'"),
        ("{\n  /* open", "devcontainer.json:2:3: a '/*' comment is never closed"),
        ("{\"a\": \"b\\q\"}", "devcontainer.json:1:11: invalid escape '\\q' in a string"),
        ("{} {}", "devcontainer.json:1:4: unexpected text after the closing bracket"),
        ("", "devcontainer.json:1:1: the file ends where a value was expected"),
    ])
    func syntaxErrorsArePositioned(text: String, message: String) {
        #expect(decode(text).1 == [message])
    }

    @Test func escapesAndUnicode() throws {
        let (configuration, _) = decode(#"{"remoteEnv": {"A": "\"q\" \u00e9 \ud83d\ude00 a\/b\n"}}"#)
        #expect(try #require(configuration).env["A"] == "\"q\" é 😀 a/b\n")
    }

    @Test func deepNestingIsRefused() {
        let text = String(repeating: "[", count: 500)
        #expect(decode(text).1 == ["devcontainer.json:1:201: nested more than 200 levels deep"])
    }
}
