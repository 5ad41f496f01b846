import ContainerEngine
import Foundation
import ImageBuilder
import Synchronization
import TestSupport
import Testing

/// Builds, reuse and failures of workspace images against the real Podman.
@Suite struct ImageResolverTests {
    /// Collects the lines a build streams.
    final class Lines: Sendable {
        let lines = Mutex<[String]>([])
        var all: [String] { lines.withLock { $0 } }
        var log: @Sendable (String) -> Void { { line in self.lines.withLock { $0.append(line) } } }
    }

    /// A repository whose Dockerfile builds on the base image; `marker` makes its hash unique to the test run.
    private func repository(marker: String, run: String) throws -> TemporaryDirectory {
        let directory = try TemporaryDirectory(prefix: "image-repo")
        try FileManager.default.createDirectory(atPath: directory.path + "/.gitpod", withIntermediateDirectories: true)
        try """
        FROM \(BaseImageBootstrap.reference)
        ARG GREETING=unset
        COPY hello.txt /hello.txt
        # The base image's user is gitpod, as in Gitpod's images: writing to / needs root.
        USER root
        RUN echo "marker \(marker)" && \(run)
        """.write(toFile: directory.path + "/.gitpod/Dockerfile", atomically: false, encoding: .utf8)
        try "hello from the context\n".write(
            toFile: directory.path + "/.gitpod/hello.txt", atomically: false, encoding: .utf8)
        return directory
    }

    @Test func buildsOnceReusesByHashAndSharesAConcurrentBuild() async throws {
        try await withEngine(prefix: "image-resolver") { client, directory in
            let resolver = ImageResolver(client: client, dataDirectory: directory.path, logger: .disabled)
            let base = try await withTimeout(.seconds(1800)) { try await resolver.resolve(.default) }
            #expect(base.reference == BaseImageBootstrap.reference)

            let repository = try repository(
                marker: UUID().uuidString, run: #"echo "$GREETING" > /greeting && cat /hello.txt"#)
            let source = ImageSource.dockerfile(
                repository: repository.path, file: ".gitpod/Dockerfile", context: ".gitpod",
                arguments: ["GREETING": "hi there"])
            let (first, second) = (Lines(), Lines())
            async let one = withTimeout(.seconds(300)) { try await resolver.resolve(source, log: first.log) }
            async let other = withTimeout(.seconds(300)) { try await resolver.resolve(source, log: second.log) }
            let (built, shared) = try await (one, other)
            #expect(built == shared)
            #expect(built.wasBuilt)
            #expect(built.reference.hasPrefix(ImageResolver.builtRepository + ":"))
            // One build: only the call that started it streamed its log.
            #expect(first.all.isEmpty != second.all.isEmpty)
            let streamed = (first.all + second.all).joined()
            #expect(streamed.contains("hello from the context"))
            let logPath = try #require(built.logPath)
            #expect(try String(contentsOfFile: logPath, encoding: .utf8).contains("hello from the context"))

            let again = try await resolver.resolve(source)
            #expect(again.wasBuilt == false)
            #expect(again.reference == built.reference)

            let output = try await runInImage(client, built.reference, "cat /greeting /hello.txt")
            #expect(output == "hi there\nhello from the context\n")

            // Another build argument is another image.
            let changed = try await resolver.resolve(
                .dockerfile(
                    repository: repository.path, file: ".gitpod/Dockerfile", context: ".gitpod",
                    arguments: ["GREETING": "changed"]))
            #expect(changed.wasBuilt)
            #expect(changed.reference != built.reference)
            for reference in [built.reference, changed.reference] { try? await client.removeImage(reference) }
        }
    }

    @Test func aFailedBuildSaysWhyWithTheLogsLastLines() async throws {
        try await withEngine(prefix: "image-resolver") { client, directory in
            let resolver = ImageResolver(client: client, dataDirectory: directory.path, logger: .disabled)
            _ = try await withTimeout(.seconds(1800)) { try await resolver.resolve(.default) }
            let repository = try repository(marker: UUID().uuidString, run: "echo about-to-fail && exit 3")
            let error = await #expect(throws: ImageBuilderError.self) {
                _ = try await withTimeout(.seconds(300)) {
                    try await resolver.resolve(
                        .dockerfile(
                            repository: repository.path, file: ".gitpod/Dockerfile", context: ".gitpod",
                            arguments: [:]))
                }
            }
            #expect(error?.code == .buildFailed)
            #expect(error?.message.contains("building ") == true)
            #expect(error?.message.contains("about-to-fail") == true, "\(error?.message ?? "")")
        }
    }

    @Test func namedImagesAreUsedAsTheyAreOrReportedMissing() async throws {
        try await withEngine(prefix: "image-resolver") { client, directory in
            let resolver = ImageResolver(client: client, dataDirectory: directory.path, logger: .disabled)
            _ = try await withTimeout(.seconds(1800)) { try await resolver.resolve(.default) }
            let found = try await resolver.resolve(.name(BaseImageBootstrap.reference))
            #expect(found == ImageResolver.ResolvedImage(reference: BaseImageBootstrap.reference, wasBuilt: false))
            // No registry is reachable from these machines: the pull fails, and the error names the image.
            let missing = await #expect(throws: ImageBuilderError.self) {
                _ = try await withTimeout(.seconds(120)) {
                    try await resolver.resolve(.name("registry.invalid/swiftpod/no-such-image:1"))
                }
            }
            #expect(missing?.code == .imageUnavailable)
            #expect(missing?.message.contains("'registry.invalid/swiftpod/no-such-image:1'") == true)
            let hostile = await #expect(throws: ImageBuilderError.self) {
                _ = try await resolver.resolve(.name("--privileged"))
            }
            #expect(hostile?.code == .invalidSource)
        }
    }

    /// Runs `script` in a container of `image` and returns its standard output.
    private func runInImage(_ client: EngineClient, _ image: String, _ script: String) async throws -> String {
        let id = try await client.createContainer(
            name: "swiftpod-test-image-\(UUID().uuidString.prefix(8).lowercased())",
            ContainerSpec(image: image, command: ["/bin/sh", "-c", script], userNamespace: .auto(), pidsLimit: 100))
        do {
            try await client.startContainer(id)
            #expect(try await client.waitContainer(id, timeout: .seconds(60)) == 0)
            let logs = try await client.containerLogs(id)
            try await removeFinishedContainer(client, id)
            return String(decoding: logs.standardOutput, as: UTF8.self)
        } catch {
            try? await client.removeContainer(id, force: true)
            throw error
        }
    }
}
