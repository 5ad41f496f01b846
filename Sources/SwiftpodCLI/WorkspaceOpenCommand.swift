import CommandLineKit
import Foundation
import Subprocess
import SwiftpodClient

/// `swiftpod workspace open ID`: prints the workspace's IDE URL and opens it in a browser where there is one.
struct WorkspaceOpenCommand: Command {
    static let configuration = CommandConfiguration(
        commandName: "open",
        abstract: "Prints the workspace's IDE URL and opens it in the browser when a desktop session has one.",
        discussion: "The browser is opened with xdg-open, when it is installed and DISPLAY or WAYLAND_DISPLAY is set.",
        parameters: [.argument("id", help: "The workspace's ID.")]
    )

    let id: String

    init(parsed: ParsedArguments) throws {
        id = try parsed.required("id")
    }

    func run() async throws {
        let workspace = try await ClientConnection.run { try await $0.workspace(id: id) }
        ClientOutput.write(workspace.ideURL + "\n")
        let environment = ProcessInfo.processInfo.environment
        if let opener = Self.browserOpener(environment: environment) {
            // With a clean signal state, as the browser it starts may outlive this process. A browser that cannot
            // be opened is no failure: the URL is printed.
            _ = try? await ChildProcess.run(executable: opener, arguments: [workspace.ideURL], timeout: .seconds(10))
        }
    }

    /// The path of `xdg-open` when a graphical session can show what it opens; nil otherwise.
    static func browserOpener(environment: [String: String]) -> String? {
        let hasDisplay = [environment["DISPLAY"], environment["WAYLAND_DISPLAY"]].contains { !($0 ?? "").isEmpty }
        guard hasDisplay else { return nil }
        let path = environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for directory in path.split(separator: ":") where directory.hasPrefix("/") {
            let candidate = "\(directory)/xdg-open"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }
}
