import CommandLineKit
import Foundation
import NetIO
import SwiftpodServer
import TestSupport
import Testing

@testable import SwiftpodCLI

/// `swiftpod server`'s settings from its flags, environment and config file.
@Suite struct ServerCommandTests {
    /// The settings of `arguments` against `environment` (the command itself resolves against the process's).
    private func parse(_ arguments: [String], environment: [String: String] = [:]) throws -> ServerConfiguration {
        let command = try ServerCommand.parse(arguments)
        return try ServerCommand.resolve(
            commandLine: command.commandLine, configPath: command.configPath, environment: environment)
    }

    @Test func flagsEnvironmentAndConfigFileAreLayered() throws {
        let directory = try TemporaryDirectory()
        let file = directory.path + "/swiftpod.yaml"
        try """
        listen: 127.0.0.1:7000
        data-dir: \(directory.path)/from-file
        maximum-lifetime: 2h
        git-host:
          git.example.com: gitea
        """.write(toFile: file, atomically: false, encoding: .utf8)
        let settings = try parse(
            ["--config", file, "--listen", "127.0.0.1:7200", "--allow-local-repos", "--git-host", "a.example=gitlab"],
            environment: ["SWIFTPOD_LISTEN": "127.0.0.1:7100", "SWIFTPOD_PUBLIC_URL": "https://dev.example.com"])
        #expect(settings.listen == .ipv4(host: "127.0.0.1", port: 7200))
        #expect(settings.publicURL == "https://dev.example.com")
        #expect(settings.dataDirectory == directory.path + "/from-file")
        #expect(settings.timeouts.maximumLifetime == .seconds(7200))
        #expect(settings.allowLocalRepositories)
        #expect(settings.gitHosts.kind(ofHost: "a.example", port: nil) == .gitlab)
        #expect(settings.gitHosts.kind(ofHost: "git.example.com", port: nil) == .git)

        let fromEnvironment = try parse([], environment: ["SWIFTPOD_CONFIG": file])
        #expect(fromEnvironment.listen == .ipv4(host: "127.0.0.1", port: 7000))
        #expect(fromEnvironment.gitHosts.kind(ofHost: "git.example.com", port: nil) == .gitea)
    }

    @Test func badValuesAreUsageErrorsNamingTheirOrigin() throws {
        let directory = try TemporaryDirectory()
        let file = directory.path + "/swiftpod.yaml"
        try "listen: 127.0.0.1:8080\ninactivity-timeout: forever\n".write(
            toFile: file, atomically: false, encoding: .utf8)
        let cases: [([String], [String: String], String)] = [
            (["--listen", "nowhere"], [:], "'--listen'"),
            (["--public-url", "localhost"], [:], "'--public-url'"),
            ([], ["SWIFTPOD_INACTIVITY_TIMEOUT": "-1"], "SWIFTPOD_INACTIVITY_TIMEOUT"),
            (["--config", file], [:], "\(file):2"),
            (["--config", directory.path + "/missing.yaml"], [:], "missing.yaml"),
        ]
        for (arguments, environment, expected) in cases {
            let error = #expect(throws: ValidationError.self) { try parse(arguments, environment: environment) }
            #expect(error.map { "\($0)" }?.contains(expected) == true, "\(arguments): \(String(describing: error))")
        }
    }

    @Test func theCommandTreeIsSound() {
        #expect(Swiftpod.definitionProblems.isEmpty)
    }
}
