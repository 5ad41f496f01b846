import ContainerEngine
import Foundation
import TestSupport
import Testing

@Suite struct EngineLocatorTests {
    @Test(arguments: [("1.43", "1.41"), ("1.40", "1.40"), ("1.41", "1.41"), ("2.0", "1.41"), ("garbage", "1.41")])
    func negotiatesTheLowerVersion(server: String, expected: String) {
        #expect(APIVersion.negotiate(server: server, maximum: EngineClient.maximumAPIVersion).description == expected)
    }

    @Test func engineURLs() throws {
        #expect(try EngineLocator.socketPath(fromURL: "unix:///run/podman/podman.sock") == "/run/podman/podman.sock")
        #expect(throws: ContainerEngineError.self) { try EngineLocator.socketPath(fromURL: "tcp://1.2.3.4:2375") }
        #expect(
            EngineLocator.wellKnownSockets(environment: ["XDG_RUNTIME_DIR": "/run/user/1000"]).last
                == "/run/user/1000/podman/podman.sock")
    }

    @Test func reportsWhenNoEngineCanBeFound() async throws {
        let directory = try TemporaryDirectory(prefix: "locator")
        let error = await #expect(throws: ContainerEngineError.self) {
            _ = try await EngineLocator.locate(
                environment: ["PATH": directory.path], dataDirectory: directory.path, candidates: [], logger: .disabled)
        }
        #expect(error?.code == .engineNotFound)
    }

    @Test func reportsAServiceThatExitsAtOnce() async throws {
        let directory = try TemporaryDirectory(prefix: "locator")
        let error = await #expect(throws: ContainerEngineError.self) {
            _ = try await EngineLocator.startPodman("/bin/false", dataDirectory: directory.path, logger: .disabled)
        }
        #expect(error?.code == .startFailed)
        #expect(error?.message.contains("exited with status 1") == true)
    }

    @Test func stopsAServiceLeftOverByACrashedRun() async throws {
        let directory = try TemporaryDirectory(prefix: "locator")
        let podman = try #require(
            EngineLocator.findExecutable("podman", environment: ProcessInfo.processInfo.environment))
        // The first run "crashes": it never shuts its service down.
        let first = try await EngineLocator.startPodman(podman, dataDirectory: directory.path, logger: .disabled)
        let leftover = try #require(first.service)
        let second = try await EngineLocator.startPodman(podman, dataDirectory: directory.path, logger: .disabled)
        #expect(await leftover.waitForExit(timeout: .seconds(10)))
        #expect(second.service?.isRunning == true)
        #expect(try await second.client.listContainers(label: "swiftpod.test.none").isEmpty)
        await second.shutdown()
    }
}
