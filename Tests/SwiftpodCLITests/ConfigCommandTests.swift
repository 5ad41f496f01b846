import CommandLineKit
import Foundation
import Synchronization
import Testing

@testable import SwiftpodCLI

/// `swiftpod config` through the command runner (exit statuses and usage errors) and through the reports its
/// subcommands print (the runner does not capture what a command prints).
@Suite struct ConfigCommandTests {
    static let reference = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().appendingPathComponent("../Fixtures/reference").standardized.path

    private func run(_ arguments: [String]) async -> (status: Int32, errors: String) {
        let errors = Mutex("")
        let output = CommandOutput(
            standardOutput: { _ in }, standardError: { text in errors.withLock { $0 += text } })
        let status = await CommandRunner.run(
            root: Swiftpod.self, arguments: ["swiftpod"] + arguments, environment: [:], output: output)
        return (status, errors.withLock { $0 })
    }

    @Test func commandDefinitionsAreConsistent() {
        #expect(Swiftpod.definitionProblems.isEmpty)
    }

    @Test func validateExitsWithZeroForAValidFile() async {
        let result = await run(["config", "validate", "\(Self.reference)/gitpod-yml/gitpod-io__gitpod.yml"])
        #expect(result.status == 0)
    }

    @Test func validateExitsWithOneForAnInvalidFile() async {
        let result = await run(["config", "validate", "\(Self.reference)/gitpod-yml/rust-lang__rustlings.yml"])
        #expect(result.status == 1)
        #expect(result.errors.isEmpty)
    }

    @Test func showNeedsJSON() async {
        let result = await run(["config", "show", "\(Self.reference)/devcontainer/rails__rails.json"])
        #expect(result.status == ExitCode.usage.rawValue)
        #expect(result.errors.contains("'config show' prints JSON only for now: pass '--json'"))
    }

    @Test func showExitsWithOneForAnInvalidFile() async {
        let path = "\(Self.reference)/gitpod-yml/benpetersonsbuild__gitpod-vnc-gnome.yml"
        #expect(await run(["config", "show", "--json", path]).status == 1)
    }

    @Test func validateReportsEveryProblemOnItsOwnLine() {
        let path = "\(Self.reference)/gitpod-yml/gitpod-io__template-jetbrains-pycharm.yml"
        let (lines, isValid) = ConfigValidateCommand.report(for: path)
        #expect(!isValid)
        #expect(
            lines == [
                "\(path):1:1: warning: 'github' is deprecated: configure prebuilds in the project settings instead",
                "\(path):15:1: duplicate key 'vscode' in the top level (first at 11:1)",
                "\(path):19:1: duplicate key 'tasks' in the top level (first at 8:1)",
            ])
    }

    @Test func validateEndsWithASummary() {
        let path = "\(Self.reference)/gitpod-yml/numpy__numpy.yml"
        let (lines, isValid) = ConfigValidateCommand.report(for: path)
        #expect(isValid)
        #expect(lines.last == "\(path): valid")
        #expect(lines.count == 2)
    }

    @Test func showPrintsTheNormalizedModel() throws {
        let (json, problems) = ConfigShowCommand.report(for: "\(Self.reference)/gitpod-yml/prometheus__prometheus.yml")
        #expect(problems.isEmpty)
        let text = try #require(json)
        let parsed = try JSONSerialization.jsonObject(with: Data(text.utf8))
        let object = try #require(parsed as? [String: Any])
        #expect(Set(object.keys) == ["tasks", "ports"])
        let ports = try #require(object["ports"] as? [[String: Any]])
        #expect(ports.first?["port"] as? Int == 3000)
        #expect(ports.first?["onOpen"] as? String == "open-preview")
        #expect(ports.first?["visibility"] as? String == "private")
        let tasks = try #require(object["tasks"] as? [[String: Any]])
        #expect(tasks.first?["init"] as? String == "make build")
    }
}
