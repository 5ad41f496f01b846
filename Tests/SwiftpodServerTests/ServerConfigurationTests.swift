import Foundation
import NetIO
import SwiftpodServer
import TestSupport
import Testing
import WorkspaceManager

@Suite struct ServerConfigurationTests {
    func load(
        _ commandLine: [String: [String]] = [:], environment: [String: String] = [:], file: String? = nil
    ) throws(ServerConfigurationError) -> ServerConfiguration {
        try ServerConfigurationLoader(
            commandLine: commandLine, environment: environment, file: file.map { ("/etc/swiftpod.yaml", $0) },
            defaultDataDirectory: "/var/lib/swiftpod"
        ).load()
    }

    @Test func defaultsApplyWhenNothingIsGiven() throws {
        let configuration = try load()
        #expect(configuration.listen == .ipv4(host: "127.0.0.1", port: 8080))
        #expect(configuration.publicURL == "http://localhost:8080")
        #expect(configuration.dataDirectory == "/var/lib/swiftpod")
        #expect(configuration.engine == nil)
        #expect(!configuration.allowLocalRepositories)
        #expect(configuration.timeouts.inactivity == .seconds(1800))
        #expect(configuration.timeouts.maximumLifetime == .seconds(36 * 3600))
        #expect(configuration.oidc == nil)
        #expect(configuration.logFormat == .logfmt)
    }

    @Test func flagsBeatEnvironmentVariablesWhichBeatTheFileWhichBeatsDefaults() throws {
        let file = """
            listen: 127.0.0.1:7000
            public-url: http://file.example
            data-dir: /srv/file
            log-format: json
            timeouts-unused: 1
            """
        // An unknown key is an error; test precedence with known keys only.
        #expect(throws: ServerConfigurationError.self) { try load(file: file) }
        let known = """
            listen: 127.0.0.1:7000
            public-url: http://file.example
            data-dir: /srv/file
            log-format: json
            inactivity-timeout: 10m
            """
        let environment = [
            "SWIFTPOD_LISTEN": "127.0.0.1:7100", "SWIFTPOD_PUBLIC_URL": "http://env.example",
        ]
        let configuration = try load(["listen": ["127.0.0.1:7200"]], environment: environment, file: known)
        #expect(configuration.listen == .ipv4(host: "127.0.0.1", port: 7200))
        #expect(configuration.publicURL == "http://env.example")
        #expect(configuration.dataDirectory == "/srv/file")
        #expect(configuration.logFormat == .json)
        #expect(configuration.timeouts.inactivity == .seconds(600))
        #expect(configuration.timeouts.initialization == .seconds(1800))
        #expect(try load(environment: environment, file: known).listen == .ipv4(host: "127.0.0.1", port: 7100))
        #expect(try load(file: known).listen == .ipv4(host: "127.0.0.1", port: 7000))
    }

    @Test func stoppedWorkspacesKeepTheirFilesForAWeekUnlessToldOtherwise() throws {
        #expect(try load().keptFiles == KeptFilesPolicy(duration: .seconds(7 * 86_400), minimumFreeFraction: 0.1))
        #expect(try load(["keep-stopped-files": ["12h"]]).keptFiles.duration == .seconds(43_200))
        #expect(try load(environment: ["SWIFTPOD_KEEP_STOPPED_FILES": "0"]).keptFiles.duration == .zero)
        #expect(try load(file: "keep-stopped-files: 2d\n").keptFiles.duration == .seconds(172_800))
    }

    @Test func nestedFileSettingsListsAndOIDCAreRead() throws {
        let directory = try TemporaryDirectory()
        let secretFile = directory.path + "/secret"
        try "s3cret\n".write(toFile: secretFile, atomically: false, encoding: .utf8)
        let file = """
            allow-local-repos: true
            git-host:
              git.example.com: gitea
            oidc:
              issuer: https://id.example.com
              client-id: swiftpod
              client-secret-file: \(secretFile)
              ca-file: \(secretFile)
              allowed-email-domains: [example.com, Example.org]
            """
        let configuration = try load(file: file)
        #expect(configuration.allowLocalRepositories)
        #expect(configuration.gitHosts.kind(ofHost: "git.example.com", port: nil) == .gitea)
        #expect(
            configuration.oidc
                == OIDCSettings(
                    issuer: "https://id.example.com", clientID: "swiftpod", clientSecret: "s3cret",
                    allowedEmailDomains: ["example.com", "example.org"], caFile: secretFile))
        let fromEnvironment = try load(
            ["git-host": ["code.example.com=gitlab"]],
            environment: [
                "SWIFTPOD_OIDC_ISSUER": "https://id.example.com", "SWIFTPOD_OIDC_CLIENT_ID": "id",
                "SWIFTPOD_OIDC_CLIENT_SECRET": "env-secret", "SWIFTPOD_OIDC_ALLOWED_EMAIL_DOMAINS": "a.com, b.com",
            ])
        #expect(fromEnvironment.oidc?.clientSecret == "env-secret")
        #expect(fromEnvironment.oidc?.allowedEmailDomains == ["a.com", "b.com"])
        #expect(fromEnvironment.gitHosts.kind(ofHost: "code.example.com", port: nil) == .gitlab)
    }

    @Test(arguments: [
        ([["listen": ["nowhere"]]], [String: String](), nil as String?, "'--listen'"),
        ([[:]], ["SWIFTPOD_LISTEN": "127.0.0.1:99999"], nil, "SWIFTPOD_LISTEN"),
        ([[:]], [:], "listen: 127.0.0.1:8080\npublic-url: ftp://x\n", "/etc/swiftpod.yaml:2"),
        ([[:]], [:], "inactivity-timeout: soon\n", "/etc/swiftpod.yaml:1"),
        ([["maximum-lifetime": ["0"]]], [:], nil, "'--maximum-lifetime'"),
        ([["data-dir": ["relative/path"]]], [:], nil, "'--data-dir'"),
        ([["keep-stopped-files": ["-1d"]]], [:], nil, "'--keep-stopped-files'"),
        ([["engine": ["/var/run/docker.sock"]]], [:], nil, "'--engine'"),
        ([[:]], ["SWIFTPOD_ALLOW_LOCAL_REPOS": "maybe"], nil, "SWIFTPOD_ALLOW_LOCAL_REPOS"),
        ([["git-host": ["example.com"]]], [:], nil, "'--git-host'"),
        ([[:]], ["SWIFTPOD_LOG_FORMAT": "xml"], nil, "SWIFTPOD_LOG_FORMAT"),
        ([[:]], [:], "lisen: 1\n", "unknown setting 'lisen'"),
        ([[:]], [:], "listen: [a, b]\n", "/etc/swiftpod.yaml:1"),
        ([[:]], [:], "listen: [unclosed\n", "/etc/swiftpod.yaml:"),
        ([[:]], [:], "- a list\n", "expected a mapping"),
        ([["oidc-client-id": ["x"]]], [:], nil, "issuer"),
        ([["oidc-issuer": ["https://id.example.com"]]], [:], nil, "--oidc-client-id"),
        ([["oidc-issuer": ["https://id.example.com"], "oidc-client-id": ["x"]]], [:], nil, "secret"),
        ([["oidc-ca-file": ["/nonexistent/ca.pem"]]], [:], nil, "cannot read the file '/nonexistent/ca.pem'"),
    ])
    func badValuesNameTheirOrigin(
        commandLine: [[String: [String]]], environment: [String: String], file: String?, expected: String
    ) {
        let error = #expect(throws: ServerConfigurationError.self) {
            try load(commandLine[0], environment: environment, file: file)
        }
        #expect(error?.message.contains(expected) == true, "\(error?.message ?? "no error")")
    }

    @Test func durationsAcceptUnitsAndPlainSeconds() {
        #expect(ServerConfigurationLoader.parseDuration("90") == .seconds(90))
        #expect(ServerConfigurationLoader.parseDuration("90s") == .seconds(90))
        #expect(ServerConfigurationLoader.parseDuration("30m") == .seconds(1800))
        #expect(ServerConfigurationLoader.parseDuration("36h") == .seconds(129_600))
        #expect(ServerConfigurationLoader.parseDuration("2d") == .seconds(172_800))
        for bad in ["", "m", "-5m", "1.5h", "10w", "9999999999h"] {
            #expect(ServerConfigurationLoader.parseDuration(bad) == nil, "\(bad)")
        }
    }

    @Test func workspaceBinariesAreFoundBesideTheExecutableOrInTheCheckoutThroughSymlinks() throws {
        let directory = try TemporaryDirectory()
        let fileManager = FileManager.default
        func makePrograms(in path: String) throws {
            try fileManager.createDirectory(atPath: path, withIntermediateDirectories: true)
            for program in WorkspaceBinariesLocator.programs {
                #expect(fileManager.createFile(atPath: path + "/" + program, contents: Data("#!/bin/sh\n".utf8)))
                try fileManager.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path + "/" + program)
            }
        }
        // Beside the executable.
        let installed = directory.path + "/bin"
        try makePrograms(in: installed)
        #expect(WorkspaceBinariesLocator.find(executablePath: installed + "/swiftpod") == installed)

        // In a checkout, run through the `.build/debug` symlink.
        let checkout = directory.path + "/checkout"
        let real = checkout + "/.build/x86_64-unknown-linux-gnu/debug"
        try fileManager.createDirectory(atPath: real, withIntermediateDirectories: true)
        #expect(fileManager.createFile(atPath: checkout + "/Package.swift", contents: Data()))
        #expect(fileManager.createFile(atPath: real + "/swiftpod", contents: Data()))
        // The normal build's programs beside the executable are dynamically linked: never used.
        try makePrograms(in: real)
        try fileManager.createSymbolicLink(
            atPath: checkout + "/.build/debug", withDestinationPath: "x86_64-unknown-linux-gnu/debug")
        #expect(WorkspaceBinariesLocator.find(executablePath: checkout + "/.build/debug/swiftpod") == nil)
        try makePrograms(in: checkout + "/.build/static/debug")
        #expect(
            WorkspaceBinariesLocator.find(executablePath: checkout + "/.build/debug/swiftpod")
                == checkout + "/.build/static/debug")
        #expect(
            WorkspaceBinariesLocator.find(executablePath: real + "/swiftpod") == checkout + "/.build/static/debug")
        try makePrograms(in: checkout + "/.build/static/release")
        #expect(
            WorkspaceBinariesLocator.find(executablePath: real + "/swiftpod") == checkout + "/.build/static/release")
    }
}
