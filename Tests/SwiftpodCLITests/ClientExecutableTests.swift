import Auth
import Foundation
import Store
import SwiftpodServer
import TestSupport
import Testing

/// The built `swiftpod` client commands against a server in this process (no engine, so the workspace routes
/// answer 503): signing in, stored credentials, environment variables and tokens, and the one-line errors.
@Suite struct ClientExecutableTests {
    @Test func logsInWithATokenOrAPasswordAndManagesVariablesAndTokens() async throws {
        try await withServer { url, services, home in
            let user = try await services.accounts.createUser(username: "ada", password: "correct horse", role: .member)
            let token = try await services.accessTokens.create(userID: user.id, name: "setup", lifetime: .never).token
            let cli = CLI(home: home)

            let login = try await cli.run(["login", url, "--token-stdin"], input: token + "\n")
            #expect(login.status == 0, "\(login.standardError)")
            let path = home + "/.config/swiftpod/credentials.json"
            #expect(login.standardOutput == "signed in to \(url) as ada; the token is stored in \(path)\n")
            let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
            #expect(mode.map { $0 & 0o777 } == 0o600)

            #expect(try await cli.run(["env", "set", "EDITOR=vim", "--repository", "ada/*"]).status == 0)
            let env = try await cli.run(["env", "list"])
            #expect(env.standardOutput == "NAME    REPOSITORY  VALUE\nEDITOR  ada/*       vim\n")
            let unset = try await cli.run(["env", "unset", "EDITOR"])
            #expect(unset.status == 0, "\(unset.standardError)")
            #expect(try await cli.run(["env", "list", "--json"]).standardOutput == "[\n\n]\n")

            let created = try await cli.run(["token", "create", "--name", "ci", "--expires", "12h"])
            #expect(created.status == 0, "\(created.standardError)")
            let secret = try #require(created.standardOutput.split(separator: "\n").last.map(String.init))
            #expect(secret.hasPrefix("swp_"))
            let list = try await cli.run(["token", "list", "--json"])
            let tokens = try #require(
                try JSONSerialization.jsonObject(with: Data(list.standardOutput.utf8)) as? [[String: Any]])
            #expect(Set(tokens.compactMap { $0["name"] as? String }) == ["setup", "ci"])
            let ciID = try #require(tokens.first { $0["name"] as? String == "ci" }?["id"] as? String)
            let scripted = try await cli.run(["token", "create", "--name", "script", "--json"])
            let object = try JSONSerialization.jsonObject(with: Data(scripted.standardOutput.utf8)) as? [String: Any]
            #expect((object?["token"] as? String)?.hasPrefix("swp_") == true, "\(scripted.standardOutput)")
            #expect((object?["accessToken"] as? [String: Any])?["name"] as? String == "script")
            #expect(try await cli.run(["token", "revoke", ciID]).status == 0)
            // The revoked token is refused, with the way out.
            let revoked = try await cli.run(["token", "list"], environment: ["SWIFTPOD_TOKEN": secret])
            #expect(revoked.status == 1)
            #expect(revoked.standardError.contains("run 'swiftpod login' to sign in again"), "\(revoked.standardError)")

            // A password sign-in creates a token of its own; logout revokes it.
            let password = try await cli.run(
                ["login", url, "--username", "ada", "--password-stdin"], input: "correct horse\n")
            #expect(password.status == 0, "\(password.standardError)")
            #expect(try await services.accessTokens.list(userID: user.id).count == 3)
            let logout = try await cli.run(["logout"])
            #expect(logout.standardOutput == "signed out of \(url)\n", "\(logout.standardError)")
            #expect(Set(try await services.accessTokens.list(userID: user.id).map(\.name)) == ["setup", "script"])
            #expect(!FileManager.default.fileExists(atPath: path))
            let wrong = try await cli.run(["login", url, "--username", "ada", "--password-stdin"], input: "nope\n")
            #expect(wrong.status == 1)
            #expect(wrong.standardError.hasPrefix("error: cannot sign in to \(url): "), "\(wrong.standardError)")
        }
    }

    @Test func badInputGetsOneClearLineAndANonZeroStatus() async throws {
        try await withServer { url, services, home in
            let cli = CLI(home: home)
            let signedOut = try await cli.run(["workspace", "list"])
            #expect(signedOut.status == 1)
            #expect(
                signedOut.standardError
                    == "error: not signed in: run 'swiftpod login URL' (or set SWIFTPOD_URL and SWIFTPOD_TOKEN)\n")

            let user = try await services.accounts.createUser(username: "ada", password: "correct horse", role: .member)
            let token = try await services.accessTokens.create(userID: user.id, name: "t", lifetime: .never).token
            let env = ["SWIFTPOD_URL": url, "SWIFTPOD_TOKEN": token]
            let unavailable = try await cli.run(["workspace", "get", "abc"], environment: env)
            #expect(unavailable.status == 1)
            #expect(unavailable.standardError.hasPrefix("error: "))
            #expect(unavailable.standardError.split(separator: "\n").count == 1, "\(unavailable.standardError)")

            let badAssignment = try await cli.run(["env", "set", "NOVALUE"], environment: env)
            #expect(badAssignment.status == 64)
            #expect(
                badAssignment.standardError.hasPrefix("error: 'NOVALUE' is not an assignment: expected NAME=VALUE\n"))
            let badURL = try await cli.run(
                ["workspace", "list"], environment: ["SWIFTPOD_URL": "ftp://h", "SWIFTPOD_TOKEN": token])
            #expect(badURL.status == 1)
            #expect(badURL.standardError.contains("unsupported scheme 'ftp'"), "\(badURL.standardError)")
            let unreachable = try await cli.run(
                ["workspace", "list"], environment: ["SWIFTPOD_URL": "http://127.0.0.1:1", "SWIFTPOD_TOKEN": token])
            #expect(unreachable.status == 1)
            #expect(
                unreachable.standardError.hasPrefix("error: cannot reach the Swiftpod server at http://127.0.0.1:1: "),
                "\(unreachable.standardError)")
            let notATerminal = try await cli.run(["login", url])
            #expect(notATerminal.status == 1)
            #expect(notATerminal.standardError.contains("--token-stdin"))
        }
    }

    /// Runs `body` with a server's URL, its services and an empty home directory.
    private func withServer(
        _ body: @Sendable (String, SwiftpodServices, String) async throws -> Void
    ) async throws {
        let directory = try TemporaryDirectory(prefix: "swiftpod-cli")
        let services = try await SwiftpodServices.open(
            configuration: ServerConfiguration(dataDirectory: directory.path + "/data"), logger: .disabled,
            hasher: PasswordHasher(iterations: 1_000))
        let running = try await RunningServer.start(SwiftpodServer(services: services).responder())
        let home = directory.path + "/home"
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
        do {
            try await body(running.url, services, home)
        } catch {
            await running.stop()
            await services.close()
            throw error
        }
        await running.stop()
        await services.close()
    }

    /// The `swiftpod` executable with a home directory of its own.
    struct CLI: Sendable {
        let home: String

        func run(
            _ arguments: [String], input: String? = nil, environment: [String: String] = [:]
        ) async throws
            -> ProcessResult
        {
            let base = ["PATH": "/usr/bin:/bin", "HOME": home]
            return try await withTimeout(.seconds(60)) {
                try await runProcess(
                    AdminExecutableTests.swiftpod, arguments, input: input,
                    environment: base.merging(environment) { $1 })
            }
        }
    }
}
