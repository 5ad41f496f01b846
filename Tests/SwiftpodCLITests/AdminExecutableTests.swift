import Auth
import Foundation
import HTTP
import HTTPServer
import Store
import TestSupport
import Testing

/// The built `swiftpod` executable: the password really comes from standard input, and the token really is alone
/// on the last line of standard output.
@Suite struct AdminExecutableTests {
    static let swiftpod = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent(".build/debug/swiftpod").path

    @Test func createsAUserFromStandardInputAndPrintsATokenThatAuthenticates() async throws {
        let directory = try TemporaryDirectory(prefix: "swiftpod-admin")
        let created = try await runProcess(
            Self.swiftpod,
            [
                "admin", "create-user", "--data-dir", directory.path, "--username", "root", "--admin",
                "--password-stdin",
            ],
            input: "correct horse\n")
        #expect(created.status == 0, "\(created.standardError)")
        #expect(created.standardOutput.contains("created admin 'root'"))

        let tokenRun = try await runProcess(
            Self.swiftpod, ["admin", "create-token", "--data-dir", directory.path, "--username", "root"])
        #expect(tokenRun.status == 0, "\(tokenRun.standardError)")
        let lines = tokenRun.standardOutput.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.last == "")
        let token = try #require(lines.dropLast().last.map(String.init))

        let store = try await SQLiteStore.open(path: "\(directory.path)/swiftpod.db")
        let user = try #require(try await store.findUser(username: "root"))
        let hash = try #require(user.passwordHash)
        #expect(hash.hasPrefix("$pbkdf2-sha256$i=600000$"))
        #expect(await PasswordHasher().verify("correct horse", against: hash))
        let verified = try await AccessTokens(store: store).verify(token)
        #expect(verified.user.id == user.id)
        await store.close()
    }

    @Test func exitsWithOneForAWeakPasswordOrATakenName() async throws {
        let directory = try TemporaryDirectory(prefix: "swiftpod-admin")
        let arguments = ["admin", "create-user", "--data-dir", directory.path, "--username", "ada", "--password-stdin"]
        let weak = try await runProcess(Self.swiftpod, arguments, input: "short\n")
        #expect(weak.status == 1)
        #expect(weak.standardError == "error: the password must be at least 8 characters long\n")
        #expect(try await runProcess(Self.swiftpod, arguments, input: "long enough").status == 0)
        let taken = try await runProcess(Self.swiftpod, arguments, input: "long enough")
        #expect(taken.status == 1)
        #expect(taken.standardError.contains("a user named 'ada' already exists"))
    }
}
