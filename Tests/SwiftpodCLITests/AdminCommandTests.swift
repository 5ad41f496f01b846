import Auth
import CommandLineKit
import Foundation
import HTTP
import HTTPServer
import Store
import Synchronization
import TestSupport
import Testing

@testable import SwiftpodCLI

#if canImport(Glibc)
    import Glibc
#endif

/// `swiftpod admin create-user` and `create-token` in-process against a real database in a temporary directory, and
/// the printed token checked by the `Authenticator` the server uses.
@Suite struct AdminCommandTests {
    private func run(_ arguments: [String]) async -> (status: Int32, errors: String) {
        let errors = Mutex("")
        let output = CommandOutput(
            standardOutput: { _ in }, standardError: { text in errors.withLock { $0 += text } })
        let status = await CommandRunner.run(
            root: Swiftpod.self, arguments: ["swiftpod"] + arguments, environment: [:], output: output)
        return (status, errors.withLock { $0 })
    }

    /// Runs create-user with `password` as if it came from standard input, hashing cheaply.
    private func createUser(_ arguments: [String], password: String) async throws -> String {
        var command = try AdminCreateUserCommand.parse(arguments + ["--password-stdin"])
        command.hasher = PasswordHasher(iterations: 1_000)
        return try await command.createUser(password: try PasswordInput.password(from: Array(password.utf8)))
    }

    @Test func createsAUserAndATokenThatAuthenticates() async throws {
        let directory = try TemporaryDirectory(prefix: "swiftpod-admin")
        let dataDirectory = "\(directory.path)/data"
        let created = try await createUser(
            ["--data-dir", dataDirectory, "--username", "root", "--admin", "--email", "root@example.com"],
            password: "correct horse\n")
        #expect(created.contains("created admin 'root'"))

        let output = try await AdminCreateTokenCommand.parse(
            ["--data-dir", dataDirectory, "--username", "root", "--name", "deploy", "--expires", "12h"]
        ).createToken()
        let token = try #require(output.split(separator: "\n").last.map(String.init))
        #expect(token.hasPrefix("swp_") && token.count == 68)

        let store = try await SQLiteStore.open(path: "\(dataDirectory)/swiftpod.db")
        let user = try #require(try await store.findUser(username: "root"))
        #expect(user.role == .admin)
        #expect(user.email == "root@example.com")
        #expect(await PasswordHasher(iterations: 1_000).verify("correct horse", against: user.passwordHash ?? ""))
        let tokens = try await store.accessTokens(userID: user.id)
        #expect(tokens.map(\.name) == ["deploy"])
        #expect(tokens.first?.hash != token && tokens.first?.hash.contains(token.dropFirst(4)) == false)
        let expiry = try #require(tokens.first?.expiresAt)
        #expect(abs(expiry.timeIntervalSinceNow - 12 * 3600) < 120)

        let authenticator = Authenticator(
            accessTokens: AccessTokens(store: store), sessions: Sessions(store: store),
            cookie: SessionCookie(secure: false))
        let request = HTTPRequest(
            head: HTTPRequestHead(
                method: .post, target: "/api/v1/workspaces", headers: ["Authorization": "Bearer \(token)"]),
            body: .empty)
        let principal = try await authenticator.authenticate(request)
        #expect(principal?.user.id == user.id)
        #expect(principal?.isAdmin == true)
        await store.close()
    }

    @Test func createsAMemberByDefaultWithATokenThatNeverExpires() async throws {
        let directory = try TemporaryDirectory(prefix: "swiftpod-admin")
        _ = try await createUser(["--data-dir", directory.path, "--username", "ada"], password: "correct horse")
        _ = try await AdminCreateTokenCommand.parse(
            ["--data-dir", directory.path, "--username", "ADA", "--expires", "never"]
        ).createToken()
        let store = try await SQLiteStore.open(path: "\(directory.path)/swiftpod.db")
        let user = try #require(try await store.findUser(username: "ada"))
        #expect(user.role == .member)
        let token = try #require(try await store.accessTokens(userID: user.id).first)
        #expect(token.name == "cli")
        #expect(token.expiresAt == nil)
        await store.close()
    }

    @Test func refusesAnExistingUsername() async throws {
        let directory = try TemporaryDirectory(prefix: "swiftpod-admin")
        _ = try await createUser(["--data-dir", directory.path, "--username", "ada"], password: "correct horse")
        await #expect {
            _ = try await createUser(["--data-dir", directory.path, "--username", "Ada"], password: "another one")
        } throws: { error in
            (error as? StoreError)?.code == .conflict && "\(error)".contains("already exists")
        }
    }

    @Test func refusesAWeakPasswordWithoutCreatingTheDatabase() async throws {
        let directory = try TemporaryDirectory(prefix: "swiftpod-admin")
        await #expect {
            _ = try await createUser(["--data-dir", directory.path, "--username", "ada"], password: "short\n")
        } throws: { error in
            "\(error)" == "the password must be at least 8 characters long"
        }
        #expect(!FileManager.default.fileExists(atPath: "\(directory.path)/swiftpod.db"))
    }

    @Test func refusesATokenForAMissingDatabaseOrUser() async throws {
        let directory = try TemporaryDirectory(prefix: "swiftpod-admin")
        await #expect {
            _ = try await AdminCreateTokenCommand.parse(["--data-dir", directory.path, "--username", "ada"])
                .createToken()
        } throws: { "\($0)".contains("no Swiftpod database at") }
        _ = try await createUser(["--data-dir", directory.path, "--username", "ada"], password: "correct horse")
        await #expect {
            _ = try await AdminCreateTokenCommand.parse(["--data-dir", directory.path, "--username", "bob"])
                .createToken()
        } throws: { "\($0)".contains("no user named 'bob'") }
    }

    @Test func exitsWithOneAndAMessageForAMissingDatabase() async throws {
        let directory = try TemporaryDirectory(prefix: "swiftpod-admin")
        let result = await run(["admin", "create-token", "--data-dir", "\(directory.path)/none", "--username", "ada"])
        #expect(result.status == 1)
        #expect(result.errors.contains("error: no Swiftpod database at '\(directory.path)/none/swiftpod.db'"))
    }

    @Test(arguments: [
        (["admin", "create-user", "--data-dir", "/tmp/x", "--username", "ada"], "--password-stdin"),
        (["admin", "create-user", "--data-dir", "/tmp/x", "--password-stdin"], "--username"),
        (["admin", "create-user", "--username", "ada lovelace", "--password-stdin"], "invalid username"),
        (["admin", "create-user", "--username", "ada", "--email", "nope", "--password-stdin"], "invalid email"),
        (["admin", "create-token", "--username", "ada", "--expires", "30x"], "invalid value for '--expires'"),
        (["admin", "create-token", "--data-dir", "/tmp/x"], "--username"),
    ])
    func exitsWith64ForUsageErrors(_ arguments: [String], _ message: String) async {
        let result = await run(arguments)
        #expect(result.status == ExitCode.usage.rawValue)
        #expect(result.errors.contains(message))
    }

    @Test(arguments: [
        ("secret password", "secret password"), ("secret password\n", "secret password"),
        ("secret password\r\n", "secret password"), ("secret password\n\n", "secret password\n"),
        (" spaced ", " spaced "),
    ])
    func readsThePasswordWithoutItsTrailingNewline(_ input: String, _ expected: String) throws {
        #expect(try PasswordInput.password(from: Array(input.utf8)) == expected)
    }

    @Test func refusesAnEmptyOrNonUTF8Password() {
        #expect(throws: AdminError.self) { try PasswordInput.password(from: []) }
        #expect(throws: AdminError.self) { try PasswordInput.password(from: [10]) }
        #expect(throws: AdminError.self) { try PasswordInput.password(from: [0xFF, 0xFE, 0x41]) }
    }

    @Test func readsThePasswordFromADescriptor() async throws {
        var descriptors: [Int32] = [0, 0]
        #expect(pipe(&descriptors) == 0)
        let input = "correct horse\n"
        #expect(input.withCString { write(descriptors[1], $0, strlen($0)) } == input.utf8.count)
        close(descriptors[1])
        defer { close(descriptors[0]) }
        #expect(try await PasswordInput.read(from: descriptors[0]) == "correct horse")
    }

    @Test func refusesAnOverlongInput() async throws {
        var descriptors: [Int32] = [0, 0]
        #expect(pipe(&descriptors) == 0)
        let input = [UInt8](repeating: UInt8(ascii: "a"), count: PasswordInput.maximumBytes + 1)
        #expect(input.withUnsafeBytes { write(descriptors[1], $0.baseAddress, $0.count) } == input.count)
        close(descriptors[1])
        defer { close(descriptors[0]) }
        await #expect(throws: AdminError.self) { _ = try await PasswordInput.read(from: descriptors[0]) }
    }
}
