import CommandLineKit
import Foundation
import Subprocess
import Synchronization
import Testing

@testable import SwiftpodCLI

/// `swiftpod context parse`, in process: through the command runner for exit statuses and messages, and through the
/// text the command prints.
@Suite struct ContextCommandTests {
    private func run(_ arguments: [String]) async -> (status: Int32, errors: String) {
        let errors = Mutex("")
        let output = CommandOutput(
            standardOutput: { _ in }, standardError: { text in errors.withLock { $0 += text } })
        let status = await CommandRunner.run(
            root: Swiftpod.self, arguments: ["swiftpod", "context", "parse"] + arguments, environment: [:],
            output: output)
        return (status, errors.withLock { $0 })
    }

    private func output(_ arguments: [String]) async throws -> String {
        try await ContextParseCommand.parse(arguments).output()
    }

    @Test func printsJSON() async throws {
        let text = try await output(["--json", "A=1/https://github.com/gitpod-io/gitpod/pull/42"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(object["host"] as? String == "github.com")
        #expect(object["owner"] as? String == "gitpod-io")
        #expect(object["repo"] as? String == "gitpod")
        #expect(object["cloneURL"] as? String == "https://github.com/gitpod-io/gitpod.git")
        #expect(object["ref"] as? String == "refs/pull/42/head")
        #expect(object["refType"] as? String == "pullRequest")
        #expect(object["pullRequest"] as? Int == 42)
        #expect(object["envVars"] as? [String: String] == ["A": "1"])
        #expect(object["path"] == nil)
    }

    @Test func printsAReadableSummary() async throws {
        let text = try await output(["https://github.com/o/r/tree/feature/x/src"])
        #expect(
            text == """
                repository  github.com/o/r
                host kind   github
                clone URL   https://github.com/o/r.git
                ref         feature (branch)
                unresolved  feature/x/src: the ref may be longer (pass --resolve)
                path        x/src
                """)
    }

    @Test func declaredHostsChangeHowURLsAreRead() async throws {
        let url = "https://git.example.com/team/app/pulls/7"
        let text = try await output(["--json", "--git-host", "git.example.com=gitea", url])
        #expect(text.contains(#""refType" : "pullRequest""#))
        #expect(text.contains(#""hostKind" : "gitea""#))
        let plain = try await output([url])
        #expect(plain.contains("repository  git.example.com/team/app/pulls/7"))
        #expect(plain.contains("host kind   git"))
    }

    @Test func aBadURLExitsWithOneAndSaysWhy() async {
        let result = await run(["ext::sh -c id"])
        #expect(result.status == 1)
        #expect(result.errors.contains("'ext::' is a git transport helper"))
        let local = await run(["https://127.0.0.1/o/r"])
        #expect(local.status == 1)
        #expect(local.errors.contains("--allow-local-repos"))
    }

    @Test func aBadHostDeclarationIsAUsageError() async {
        let result = await run(["--git-host", "example.com=svn", "https://example.com/o/r"])
        #expect(result.status == ExitCode.usage.rawValue)
        #expect(result.errors.contains("unknown kind 'svn'"))
    }

    @Test func resolvesALocalRepositoryWhenAllowed() async throws {
        let directory = NSTemporaryDirectory() + "swiftpod-context-\(UUID().uuidString.prefix(8))"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let script = """
            set -e
            export HOME="$1" GIT_CONFIG_NOSYSTEM=1 GIT_AUTHOR_NAME=T GIT_AUTHOR_EMAIL=t@example.com \
                GIT_COMMITTER_NAME=T GIT_COMMITTER_EMAIL=t@example.com
            git init -q -b trunk "$1/repo"
            git -C "$1/repo" commit -q --allow-empty -m one
            git -C "$1/repo" rev-parse HEAD
            """
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let commit = try await shell(script, directory)
        let url = "file://\(directory)/repo"
        let text = try await output(["--resolve", "--allow-local-repos", "--json", url])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(object["ref"] as? String == "trunk")
        #expect(object["refType"] as? String == "default")
        #expect(object["commit"] as? String == commit)
        #expect(await run(["--resolve", url]).status == 1)
    }

    /// Runs a shell script with `$1` set, returning its trimmed standard output.
    private func shell(_ script: String, _ argument: String) async throws -> String {
        let output = try await ChildProcess.run(
            executable: "/bin/sh", arguments: ["-c", script, "sh", argument], timeout: .seconds(60))
        try #require(output.exitCode == 0, "\(output.output)")
        return output.output.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
