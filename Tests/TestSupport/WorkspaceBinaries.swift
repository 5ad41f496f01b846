import Foundation

/// The root of the package, found from this file's path.
public let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().path

/// The statically linked programs that go into workspace containers (`swiftpod-supervisor`, `gp`), built once per
/// test process by `scripts/build-workspace-binaries` (a few seconds when they are up to date; the test command
/// builds them before the tests run).
public enum WorkspaceBinaries {
    private static let built = Task<String, any Error> {
        let result = try await runProcess("\(packageRoot)/scripts/build-workspace-binaries", ["debug"])
        guard result.status == 0,
            let directory = result.standardOutput.split(separator: "\n").last.map(String.init)
        else {
            throw WorkspaceBinariesError(message: result.standardOutput + result.standardError)
        }
        return directory
    }

    /// The directory that holds the binaries.
    public static func directory() async throws -> String {
        try await built.value
    }
}

/// `scripts/build-workspace-binaries` failed.
public struct WorkspaceBinariesError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { "building the workspace binaries failed:\n\(message)" }
}
