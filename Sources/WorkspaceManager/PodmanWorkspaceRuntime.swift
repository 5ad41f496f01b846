import ContainerEngine
import Foundation
import HTTPClient

/// Workspace containers on the Docker Engine API (Podman here): the supervisor and `gp` bind-mounted read-only
/// from the host (no image rebuild), the workspace's directories mounted, a user namespace of its own, limits, and
/// labels that say which workspace and instance a container belongs to.
public struct PodmanWorkspaceRuntime: WorkspaceRuntime {
    /// The label every workspace container carries, with its workspace's ID.
    public static let workspaceLabel = "io.swiftpod.workspace"
    /// The label with the instance's ID.
    public static let instanceLabel = "io.swiftpod.instance"
    /// The label naming the installation that owns the container: a runtime sees only its own installation's
    /// containers, so that two servers (or tests) sharing one engine never touch each other's workspaces.
    public static let installationLabel = "io.swiftpod.installation"
    /// Where the supervisor and `gp` are inside the container.
    public static let binariesMountPoint = "/.swiftpod/bin"
    /// The workspace user, whom the supervisor runs tasks as.
    public static let workspaceUser = "gitpod"
    /// How long the engine waits after the supervisor's grace period before it kills the container.
    static let engineStopMargin: Duration = .seconds(10)

    public let client: EngineClient
    /// The host directory holding the statically linked `swiftpod-supervisor` and `gp`.
    public let binariesDirectory: String
    /// How long the supervisor gives tasks after SIGTERM before it kills them.
    public let stopGracePeriod: Duration
    /// The installation whose containers this runtime makes and sees.
    public let installation: String
    /// How long one engine call may take: generous, as the engine may wait for a storage lock that an image build
    /// or import holds.
    public let engineTimeout: Duration
    private let http: HTTPClient

    /// A runtime on the engine `client`, mounting the binaries in `binariesDirectory`.
    /// - Parameter installation: the value of the installation label on the containers it makes and lists.
    public init(
        client: EngineClient, binariesDirectory: String, installation: String = "default",
        stopGracePeriod: Duration = .seconds(10), engineTimeout: Duration = .seconds(180)
    ) {
        self.client = client
        self.binariesDirectory = binariesDirectory
        self.installation = installation
        self.engineTimeout = engineTimeout
        self.stopGracePeriod = stopGracePeriod
        self.http = HTTPClient()
    }

    /// The container spec for a workspace: what `createContainer` sends, apart for tests and tools.
    /// - Parameter stopGracePeriod: how long the supervisor gives tasks after SIGTERM.
    public static func containerSpec(
        for request: WorkspaceContainerRequest, binariesDirectory: String, installation: String = "default",
        stopGracePeriod: Duration = .seconds(10)
    ) -> ContainerSpec {
        var command = [
            "\(binariesMountPoint)/swiftpod-supervisor", "--config",
            "\(WorkspaceDirectory.runMountPoint)/config.json", "--workspace-dir", request.workspaceDirectory,
            "--user", workspaceUser, "--stop-grace-period", String(max(1, stopGracePeriod.components.seconds)),
        ]
        if request.fresh { command.append("--fresh") }
        return ContainerSpec(
            image: request.image, command: command,
            environment: request.environment.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" },
            labels: [
                workspaceLabel: request.workspaceID, instanceLabel: request.instanceID, installationLabel: installation,
            ],
            workingDirectory: WorkspaceDirectory.contentMountPoint, user: "0",
            mounts: [
                .init(
                    source: binariesDirectory + "/swiftpod-supervisor",
                    target: "\(binariesMountPoint)/swiftpod-supervisor", readOnly: true),
                .init(source: binariesDirectory + "/gp", target: "\(binariesMountPoint)/gp", readOnly: true),
                // Login shells take PATH from the image's /etc/profile, which names /usr/local/bin but not ours.
                .init(source: binariesDirectory + "/gp", target: "/usr/local/bin/gp", readOnly: true),
                .init(source: request.directory.run, target: WorkspaceDirectory.runMountPoint),
                .init(source: request.directory.content, target: WorkspaceDirectory.contentMountPoint),
            ],
            userNamespace: .mapped(hostID: request.hostIDOffset, size: request.idRangeSize),
            memoryBytes: request.limits.memoryBytes, nanoCPUs: request.limits.nanoCPUs,
            pidsLimit: request.limits.pids, networkMode: networkMode)
    }

    /// Each workspace gets a network of its own in user mode (slirp4netns): the way out to the internet and DNS
    /// it needs, no interface on the host (a bridge adds one per container, and a browser on the server's machine
    /// drops its connections at every such change), no way to the host's loopback, and a container that starts in
    /// about half the time. Ports are never published: they are reached through the supervisor's socket.
    public static let networkMode = "slirp4netns"

    /// The container's name: its workspace and instance, so `podman ps` says whose it is.
    static func containerName(_ request: WorkspaceContainerRequest) -> String {
        "swiftpod-ws-\(request.workspaceID)-\(request.instanceID.prefix(8))"
    }

    public func createContainer(_ request: WorkspaceContainerRequest) async throws -> String {
        for binary in ["swiftpod-supervisor", "gp"]
        where !FileManager.default.isExecutableFile(atPath: "\(binariesDirectory)/\(binary)") {
            throw WorkspaceManagerError(
                code: .runtimeFailure,
                message: "\(binariesDirectory)/\(binary) is missing or not executable: build the workspace binaries "
                    + "(scripts/build-workspace-binaries)")
        }
        return try await client.createContainer(
            name: Self.containerName(request),
            Self.containerSpec(
                for: request, binariesDirectory: binariesDirectory, installation: installation,
                stopGracePeriod: stopGracePeriod),
            deadline: .now + engineTimeout)
    }

    public func startContainer(id: String) async throws {
        try await client.startContainer(id, deadline: .now + engineTimeout)
    }

    public func stopContainer(id: String) async throws {
        do {
            try await client.stopContainer(
                id, timeout: stopGracePeriod + Self.engineStopMargin,
                deadline: .now + stopGracePeriod + Self.engineStopMargin + engineTimeout)
        } catch let error as ContainerEngineError where error.code == .notFound {
            return
        }
    }

    public func removeContainer(id: String) async throws {
        for attempt in 1...5 {
            do {
                return try await client.removeContainer(id, force: true, deadline: .now + engineTimeout)
            } catch let error as ContainerEngineError where error.code == .notFound {
                return
            } catch let error as ContainerEngineError
                where error.message.contains("device or resource busy") && attempt < 5
            {
                // Right after a container ends, Podman may still hold its shm mount; it goes away within moments.
                try await Task.sleep(for: .seconds(1))
            }
        }
    }

    public func container(id: String) async throws -> WorkspaceContainer? {
        do {
            let details = try await client.inspectContainer(id, deadline: .now + engineTimeout)
            return WorkspaceContainer(
                id: details.id, workspaceID: details.labels[Self.workspaceLabel],
                instanceID: details.labels[Self.instanceLabel], running: details.state.running)
        } catch let error as ContainerEngineError where error.code == .notFound {
            return nil
        }
    }

    public func containers() async throws -> [WorkspaceContainer] {
        let mine = try await client.listContainers(
            all: true, label: "\(Self.installationLabel)=\(installation)", deadline: .now + engineTimeout)
        return mine.filter { $0.labels[Self.workspaceLabel] != nil }.map { summary in
            WorkspaceContainer(
                id: summary.id, workspaceID: summary.labels[Self.workspaceLabel],
                instanceID: summary.labels[Self.instanceLabel], running: summary.state == "running")
        }
    }

    public func waitUntilReady(containerID id: String, directory: WorkspaceDirectory, timeout: Duration) async throws {
        let supervisor = SupervisorEndpoint(socketPath: directory.socketPath, client: http)
        let deadline = ContinuousClock.now + timeout
        var lastCheck = ContinuousClock.now
        var lastError: (any Error)?
        while ContinuousClock.now < deadline {
            do {
                if try await supervisor.ready() { return }
            } catch {
                lastError = error
            }
            if ContinuousClock.now - lastCheck > .seconds(1) {
                lastCheck = .now
                guard let container = try await container(id: id), container.running else {
                    let logs = (try? await client.containerLogs(id, tail: 20)).map {
                        String(decoding: $0.standardOutput + $0.standardError, as: UTF8.self)
                    }
                    throw WorkspaceManagerError(
                        code: .runtimeFailure,
                        message: "the workspace container \(id) ended before its supervisor was ready"
                            + (logs.map { "; its last output:\n\($0)" } ?? ""))
                }
            }
            // Asking costs a connect to a unix socket: often, so that a start is not held up waiting to ask.
            try await Task.sleep(for: .milliseconds(20))
        }
        throw WorkspaceManagerError(
            code: .runtimeFailure,
            message: "the supervisor of container \(id) was not ready within \(timeout)", underlying: lastError)
    }

    public func lastActivity(directory: WorkspaceDirectory) async throws -> Date {
        try await SupervisorEndpoint(socketPath: directory.socketPath, client: http).lastActivity()
    }
}
