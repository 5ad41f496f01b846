import Basics
import ContainerEngine
import Foundation
import TestSupport

/// The name of the tiny image the tests import: a statically linked busybox and its applet links.
let testImage = "swiftpod-test-busybox:latest"

/// Makes sure `testImage` exists, importing it only when it is missing (each import leaves the previous image
/// untagged).
func ensureTestImage(_ client: EngineClient, in directory: TemporaryDirectory) async throws {
    do {
        _ = try await client.inspectImage(testImage)
    } catch let error as ContainerEngineError where error.code == .notFound {
        try await importTestImage(client, in: directory)
    }
}

/// Builds a root filesystem tar with /bin/busybox (Debian's busybox-static) and imports it as `testImage`.
@discardableResult
func importTestImage(_ client: EngineClient, in directory: TemporaryDirectory) async throws -> ImageDetails {
    let root = "\(directory.path)/rootfs"
    let fileManager = FileManager.default
    for sub in ["bin", "tmp", "etc", "data"] {
        try fileManager.createDirectory(atPath: "\(root)/\(sub)", withIntermediateDirectories: true)
    }
    try fileManager.copyItem(atPath: "/bin/busybox", toPath: "\(root)/bin/busybox")
    for applet in ["sh", "echo", "cat", "sleep", "ls", "id", "true", "false"] {
        try fileManager.createSymbolicLink(atPath: "\(root)/bin/\(applet)", withDestinationPath: "busybox")
    }
    try "root:x:0:0:root:/:/bin/sh\n".write(toFile: "\(root)/etc/passwd", atomically: false, encoding: .utf8)
    let tar = "\(directory.path)/rootfs.tar"
    // Fixed times, owners and order: the same tar, and so the same image, every time.
    let result = try await runProcess(
        "tar", ["-C", root, "--sort=name", "--mtime=@0", "--owner=0", "--group=0", "--numeric-owner", "-cf", tar, "."])
    guard result.status == 0 else { throw TestTimeoutError(limit: .zero, context: "tar: \(result.standardError)") }
    return try await client.importImage(rootFilesystemTar: tar, repository: "swiftpod-test-busybox", tag: "latest")
}

/// A container name no other test uses.
func uniqueName(_ prefix: String) -> String {
    "swiftpod-test-\(prefix)-\(UUID().uuidString.prefix(8).lowercased())"
}
