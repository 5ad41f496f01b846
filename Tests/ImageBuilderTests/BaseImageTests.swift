import Basics
import ContainerEngine
import Foundation
import ImageBuilder
import TestSupport
import Testing

/// Builds the default workspace image against the real Podman, and leaves it in place: it is the image later tests
/// and CI on this machine use.
@Suite struct BaseImageTests {
    /// The first build runs debootstrap and fetches packages from Debian's mirror.
    static let firstBuildTimeout: Duration = .seconds(1800)
    /// A bootstrap that finds the image only asks the engine.
    static let cachedLimit: Duration = .seconds(5)

    @Test func bootstrapsOnceThenReturnsAtOnceAndTheImageIsAWorkspace() async throws {
        try await withEngine { client, directory in
            let bootstrap = BaseImageBootstrap(client: client, dataDirectory: directory.path, logger: .disabled)
            // Two at once: the lock lets one build while the other waits, then finds the image.
            async let one = withTimeout(Self.firstBuildTimeout) { try await bootstrap.run() }
            async let other = withTimeout(Self.firstBuildTimeout) { try await bootstrap.run() }
            let (first, concurrent) = try await (one, other)
            #expect(!(first.wasBuilt && concurrent.wasBuilt))
            #expect(first.image.id == concurrent.image.id)
            #expect(first.image.repoTags.contains { $0.hasSuffix(BaseImageBootstrap.reference) })
            #expect(first.image.labels[BaseImageBootstrap.revisionLabel] == String(BaseImageBootstrap.revision))
            #expect(first.image.workingDirectory == "/workspace")
            #expect(first.image.user == "gitpod")
            #expect(first.image.environment.contains("LANG=C.UTF-8"))

            let started = ContinuousClock.now
            let second = try await bootstrap.run()
            #expect(ContinuousClock.now - started < Self.cachedLimit)
            #expect(second.wasBuilt == false)
            #expect(second.image.id == first.image.id)
            // The build directory is gone, whether or not this run built the image.
            let leftovers = (try? FileManager.default.contentsOfDirectory(atPath: "\(directory.path)/tmp")) ?? []
            #expect(leftovers.isEmpty)

            let output = try await run(
                client,
                """
                id gitpod; id -u; getent passwd gitpod; echo "home=$HOME"; sudo -n true && echo sudo-ok; git --version; \
                python3 --version; ssh -V; curl --version | head -n 1; test -d /workspace -a -O /workspace && echo ws-ok
                """)
            #expect(output.contains("uid=33333(gitpod) gid=33333(gitpod)"))
            #expect(output.contains("\n33333\n"))
            #expect(output.contains("gitpod:x:33333:33333::/home/gitpod:/bin/bash"))
            #expect(output.contains("home=/home/gitpod"))
            #expect(output.contains("sudo-ok"))
            #expect(output.contains("git version 2."))
            #expect(output.contains("Python 3."))
            #expect(output.contains("OpenSSH_"))
            #expect(output.contains("curl 7."))
            #expect(output.contains("ws-ok"))
        }
    }

    @Test func aFailedBuildSaysWhyRemovesItsDirectoryAndKeepsTheImage() async throws {
        try await withEngine { client, directory in
            // Nothing listens on port 9 of loopback: debootstrap fails at once.
            let bootstrap = BaseImageBootstrap(
                client: client, dataDirectory: directory.path, mirror: "http://127.0.0.1:9/debian", logger: .disabled)
            let before = try? await client.inspectImage(BaseImageBootstrap.reference)
            let error = await #expect(throws: ImageBuilderError.self) {
                try await withTimeout(.seconds(120)) { try await bootstrap.run(force: true) }
            }
            #expect(error?.code == .stepFailed)
            #expect(error?.message.hasPrefix("debootstrap: debootstrap exited with status") == true)
            #expect(error?.message.contains(bootstrap.logPath) == true)
            let leftovers = (try? FileManager.default.contentsOfDirectory(atPath: "\(directory.path)/tmp")) ?? []
            #expect(leftovers.isEmpty)
            if let before {
                let after = try await client.inspectImage(BaseImageBootstrap.reference)
                #expect(after.id == before.id)
            }
        }
    }

    /// Runs `script` with bash as the user gitpod in a container of the base image; returns its output, both streams.
    private func run(_ client: EngineClient, _ script: String) async throws -> String {
        let spec = ContainerSpec(
            image: BaseImageBootstrap.reference, command: ["/bin/bash", "-lc", script],
            workingDirectory: "/workspace", user: "gitpod",
            userNamespace: .auto(), pidsLimit: 200)
        let id = try await client.createContainer(name: "swiftpod-test-base-\(UUID().uuidString.prefix(8))", spec)
        do {
            try await client.startContainer(id)
            let status = try await client.waitContainer(id, timeout: .seconds(120))
            let logs = try await client.containerLogs(id)
            let output = logs.stdout + logs.stderr
            #expect(status == 0, "\(output)")
            try await removeFinishedContainer(client, id)
            return output
        } catch {
            try? await client.removeContainer(id, force: true)
            throw error
        }
    }
}
