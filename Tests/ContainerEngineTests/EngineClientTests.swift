import Basics
import ContainerEngine
import Foundation
import TestSupport
import Testing

/// These tests drive the real Podman engine: each starts its own `podman system service` on a socket in a
/// temporary directory and stops it at the end.
@Suite(.serialized) struct EngineClientTests {
    @Test func negotiatesTheAPIVersion() async throws {
        try await withEngine { client, _ in
            #expect(client.apiVersion == APIVersion(major: 1, minor: 41))
            #expect(client.engineVersion.isPodman)
            #expect(!client.engineVersion.version.isEmpty)
        }
    }

    @Test func importsARootFilesystemAndInspectsIt() async throws {
        try await withEngine { client, directory in
            let previous = try? await client.inspectImage(testImage)
            let imported = try await importTestImage(client, in: directory)
            if let previous, previous.id != imported.id {
                // The import took the name from the previous image: remove that one rather than leave it dangling.
                try? await client.removeImage(previous.id)
            }
            #expect(imported.repoTags.contains { $0.hasSuffix(testImage) })
            let inspected = try await client.inspectImage(testImage)
            #expect(inspected.id == imported.id)
            let listed = try await client.listImages()
            #expect(listed.contains { $0.id == imported.id || "sha256:" + $0.id == imported.id })
        }
    }

    @Test func runsAContainerWithMountsEnvLabelsUlimitsAndUserNamespace() async throws {
        try await withEngine { client, directory in
            try await ensureTestImage(client, in: directory)
            let data = "\(directory.path)/data"
            try FileManager.default.createDirectory(atPath: data, withIntermediateDirectories: true)
            // The container's root is an unprivileged host uid: let it write here.
            chmod(data, 0o777)
            let name = uniqueName("run")
            let spec = ContainerSpec(
                image: testImage,
                command: [
                    "/bin/sh", "-c", "echo out; echo err >&2; echo $GREETING > /data/hello.txt; ulimit -n; exit 7",
                ],
                environment: ["GREETING=hello from the container"], labels: ["swiftpod.test": "run"],
                mounts: [.init(source: data, target: "/data")], userNamespace: .auto(), pidsLimit: 100)
            let id = try await client.createContainer(name: name, spec)
            let created = try await client.inspectContainer(name)
            #expect(created.id == id)
            #expect(created.labels["swiftpod.test"] == "run")
            #expect(created.environment.contains("GREETING=hello from the container"))
            try await client.startContainer(id)
            #expect(try await client.waitContainer(id, timeout: .seconds(30)) == 7)
            let written = try String(contentsOfFile: "\(data)/hello.txt", encoding: .utf8)
            #expect(written == "hello from the container\n")
            let logs = try await client.containerLogs(id)
            #expect(logs.stdout == "out\n20000\n")
            #expect(logs.stderr == "err\n")
            #expect(try await client.inspectContainer(id).state.exitCode == 7)
            try await client.removeContainer(id)
        }
    }

    @Test func execsInARunningContainerThenStopsAndRemovesIt() async throws {
        try await withEngine { client, directory in
            try await ensureTestImage(client, in: directory)
            let id = try await client.createContainer(
                name: uniqueName("exec"), ContainerSpec(image: testImage, command: ["/bin/sleep", "300"]))
            try await client.startContainer(id)
            let result = try await client.exec(
                id, command: ["/bin/sh", "-c", "echo hi $WHO; echo oops >&2; exit 3"], environment: ["WHO=there"])
            #expect(result.exitCode == 3)
            #expect(result.output.stdout == "hi there\n")
            #expect(result.output.stderr == "oops\n")
            let ok = try await client.exec(id, command: ["/bin/true"])
            #expect(ok.exitCode == 0)
            // sleep as PID 1 ignores SIGTERM: the stop must fall back to SIGKILL after the timeout.
            let started = ContinuousClock.now
            try await client.stopContainer(id, timeout: .seconds(1))
            #expect(ContinuousClock.now - started < .seconds(20))
            #expect(try await client.inspectContainer(id).state.running == false)
            try await client.removeContainer(id)
            let error = await #expect(throws: ContainerEngineError.self) { try await client.inspectContainer(id) }
            #expect(error?.code == .notFound)
        }
    }

    @Test func engineErrorsCarryTheEngineMessage() async throws {
        try await withEngine { client, _ in
            let error = await #expect(throws: ContainerEngineError.self) {
                try await client.inspectContainer("swiftpod-test-no-such-container")
            }
            #expect(error?.code == .notFound)
            #expect(error?.status == 404)
            #expect(error?.message.contains("swiftpod-test-no-such-container") == true)
        }
    }

    @Test func buildsAnImageWithItsLogStreamed() async throws {
        try await withEngine { client, directory in
            try await ensureTestImage(client, in: directory)
            let context = "\(directory.path)/context"
            try FileManager.default.createDirectory(atPath: context, withIntermediateDirectories: true)
            try "FROM \(testImage)\nRUN echo built-by-swiftpod > /built.txt && cat /built.txt\n".write(
                toFile: "\(context)/Dockerfile", atomically: false, encoding: .utf8)
            let tar = "\(directory.path)/context.tar"
            #expect(try await runProcess("tar", ["-C", context, "-cf", tar, "."]).status == 0)
            let tag = "swiftpod-test-built:\(UUID().uuidString.prefix(8).lowercased())"
            var lines: [String] = []
            let image = try await client.buildImage(contextTar: tar, tag: tag) { lines.append($0) }
            #expect(lines.joined().contains("built-by-swiftpod"))
            #expect(image.repoTags.contains { $0.hasSuffix(tag) })
            try await client.tagImage(tag, repository: "swiftpod-test-built", tag: "again")
            #expect(try await client.inspectImage("swiftpod-test-built:again").id == image.id)
            try await client.removeImage("swiftpod-test-built:again")
            try await client.removeImage(tag)
            let gone = await #expect(throws: ContainerEngineError.self) { try await client.inspectImage(tag) }
            #expect(gone?.code == .notFound)

            try "FROM \(testImage)\nRUN echo failing; exit 3\n".write(
                toFile: "\(context)/Dockerfile", atomically: false, encoding: .utf8)
            #expect(try await runProcess("tar", ["-C", context, "-cf", tar, "."]).status == 0)
            let containersBefore = try await buildContainerCount()
            let failed = await #expect(throws: ContainerEngineError.self) {
                _ = try await client.buildImage(contextTar: tar, tag: tag + "-failed") { _ in }
            }
            #expect(failed?.code == .buildFailed)
            #expect(failed?.message.contains("exit status 3") == true)
            // The failed build's working container is gone (only the podman CLI can see such containers).
            #expect(try await buildContainerCount() == containersBefore)
        }
    }

    @Test func eventsStreamSeesAContainerStart() async throws {
        try await withEngine { client, directory in
            try await ensureTestImage(client, in: directory)
            let name = uniqueName("events")
            let events = try await client.events(filters: ["type": ["container"], "container": [name]])
            let id = try await client.createContainer(
                name: name, ContainerSpec(image: testImage, command: ["/bin/true"]))
            try await client.startContainer(id)
            let seen = try await withTimeout(.seconds(20)) { () -> EngineEvent? in
                for try await event in events where event.action == "start" { return event }
                return nil
            }
            #expect(seen?.actorID == id)
            #expect(seen?.attributes["name"] == name)
            try await client.removeContainer(id)

            // A stream with nothing more to say ends promptly when its task is cancelled.
            let quiet = try await client.events(filters: ["container": [uniqueName("never")]])
            let started = ContinuousClock.now
            await #expect(throws: CancellationError.self) {
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask { for try await _ in quiet {} }
                    try await Task.sleep(for: .milliseconds(200))
                    group.cancelAll()
                    try await group.waitForAll()
                }
            }
            #expect(ContinuousClock.now - started < .seconds(5))
        }
    }

    @Test func mapsUserIDsExplicitlyMountsReadOnlyAndKills() async throws {
        try await withEngine { client, directory in
            try await ensureTestImage(client, in: directory)
            let shared = "\(directory.path)/shared"
            try FileManager.default.createDirectory(atPath: shared, withIntermediateDirectories: true)
            try "from the host\n".write(toFile: "\(shared)/file", atomically: false, encoding: .utf8)
            let spec = ContainerSpec(
                image: testImage,
                command: [
                    "/bin/sh", "-c", "cat /proc/self/uid_map; cat /shared/file; echo x > /shared/new || echo read-only",
                ],
                mounts: [.init(source: shared, target: "/shared", readOnly: true)],
                userNamespace: .mapped(hostID: 300000, size: 65536), memoryBytes: 256 << 20,
                nanoCPUs: 500_000_000)
            let id = try await client.createContainer(name: uniqueName("mapped"), spec)
            try await client.startContainer(id)
            #expect(try await client.waitContainer(id, timeout: .seconds(30)) == 0)
            let logs = try await client.containerLogs(id)
            let mapping = logs.stdout.split(separator: "\n").first?.split(separator: " ").map(String.init)
            #expect(mapping == ["0", "300000", "65536"])
            #expect(logs.stdout.hasSuffix("from the host\nread-only\n"))
            #expect(!FileManager.default.fileExists(atPath: "\(shared)/new"))
            try await client.removeContainer(id)

            let sleeper = try await client.createContainer(
                name: uniqueName("kill"), ContainerSpec(image: testImage, command: ["/bin/sleep", "300"]))
            try await client.startContainer(sleeper)
            try await client.killContainer(sleeper, signal: "SIGKILL")
            #expect(try await client.waitContainer(sleeper, timeout: .seconds(30)) == 137)
            try await client.removeContainer(sleeper)
        }
    }

    @Test func locatorPrefersExplicitThenDockerHostThenWellKnownSockets() async throws {
        try await withEngine { client, directory in
            let url = "unix://\(client.socketPath)"
            let explicit = try await EngineLocator.locate(
                explicit: url, environment: ["DOCKER_HOST": "unix:///nonexistent.sock"],
                dataDirectory: directory.path, logger: .disabled)
            #expect(explicit.source == "explicit")
            #expect(explicit.service == nil)
            let fromEnvironment = try await EngineLocator.locate(
                environment: ["DOCKER_HOST": url], dataDirectory: directory.path, logger: .disabled)
            #expect(fromEnvironment.source == "DOCKER_HOST")
            let wellKnown = try await EngineLocator.locate(
                environment: [:], dataDirectory: directory.path, candidates: ["/nonexistent.sock", client.socketPath],
                logger: .disabled)
            #expect(wellKnown.source == "well-known")
            #expect(wellKnown.client.apiVersion == client.apiVersion)
        }
    }

    @Test func followsLogsUntilTheContainerEnds() async throws {
        try await withEngine { client, directory in
            try await ensureTestImage(client, in: directory)
            let id = try await client.createContainer(
                name: uniqueName("follow"),
                ContainerSpec(
                    image: testImage, command: ["/bin/sh", "-c", "echo first; sleep 1; echo second >&2; exit 0"]))
            try await client.startContainer(id)
            let logs = try await client.followLogs(id)
            let output = try await withTimeout(.seconds(20)) { () -> ProcessOutput in
                var output = ProcessOutput()
                for try await frame in logs {
                    switch frame.stream {
                    case .stderr: output.standardError += frame.payload
                    default: output.standardOutput += frame.payload
                    }
                }
                return output
            }
            #expect(output.stdout == "first\n")
            #expect(output.stderr == "second\n")
            try await client.removeContainer(id)
        }
    }

    /// How many build containers from the test image Podman's storage holds (the API does not list them); others
    /// may use Podman on this machine at the same time, so only these count.
    private func buildContainerCount() async throws -> Int {
        let result = try await runProcess("podman", ["ps", "--all", "--external", "--format", "{{.Names}}"])
        return result.standardOutput.split(separator: "\n").filter {
            $0.hasPrefix("swiftpod-test-busybox-working-container")
        }.count
    }
}
