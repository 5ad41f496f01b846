import Basics
import CommandLineKit

/// `swiftpod version`: prints the version.
struct VersionCommand: Command {
    static let configuration = CommandConfiguration(
        commandName: "version", abstract: "Prints the version of Swiftpod.")

    init(parsed: ParsedArguments) throws {}

    func run() async throws {
        print("swiftpod \(SwiftpodVersion.current)")
    }
}
