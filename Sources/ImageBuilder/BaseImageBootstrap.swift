import Basics
import ContainerEngine
import Foundation
import Glibc

/// Builds the default workspace image, `swiftpod/workspace-base:latest`, from `debootstrap --variant=minbase` plus
/// what a workspace needs, with Gitpod's user `gitpod` (uid and gid 33333, passwordless sudo), and imports it into
/// the engine. Returns at once when the engine already has the image.
///
/// The build happens in a temporary directory under the data directory, removed afterwards whether the build worked
/// or not; every program's output goes to `<dataDirectory>/logs/base-image.log` (and to the logger at debug level).
public struct BaseImageBootstrap: Sendable {
    /// The image's repository.
    public static let repository = "swiftpod/workspace-base"
    /// The image's tag.
    public static let tag = "latest"
    /// `repository:tag`, the default workspace image.
    public static let reference = "\(repository):\(tag)"
    /// The Debian packages on top of minbase.
    public static let packages = [
        "bash", "git", "openssh-server", "sudo", "curl", "ca-certificates", "procps", "less", "vim-tiny", "python3",
    ]
    /// The workspace user, as in Gitpod's images.
    public static let userName = "gitpod"
    /// The workspace user's uid and gid, as in Gitpod's images.
    public static let userID = 33333

    public let client: EngineClient
    /// Swiftpod's data directory: the build directory and the build log go under it.
    public let dataDirectory: String
    /// The Debian release.
    public var suite: String
    /// The Debian mirror; by default the one this machine's apt uses.
    public var mirror: String
    /// How long debootstrap may take.
    public var debootstrapTimeout: Duration = .seconds(1800)
    public let logger: Logger

    public init(
        client: EngineClient, dataDirectory: String, suite: String = "bookworm", mirror: String? = nil,
        logger: Logger
    ) {
        self.client = client
        self.dataDirectory = dataDirectory
        self.suite = suite
        self.mirror = mirror ?? DebianMirror.current(suite: suite)
        self.logger = logger.with("image.name", Self.reference)
    }

    /// What `run` produced: the image, and whether it was built now or was already there.
    public struct Outcome: Sendable {
        public var image: ImageDetails
        public var wasBuilt: Bool
    }

    /// The image's configuration, as Gitpod's workspace images have it: the user `gitpod`, `/workspace` as the
    /// working directory, a UTF-8 locale and a login shell as the default command.
    public static let imageConfiguration = [
        "ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "ENV LANG=C.UTF-8",
        "ENV HOME=/home/\(userName)", "WORKDIR /workspace", "USER \(userName)", #"CMD ["/bin/bash", "-l"]"#,
        "LABEL \(revisionLabel)=\(revision)",
    ]

    /// The revision of what goes into the image; an image of an older revision is built again.
    public static let revision = 2
    /// The label that carries the revision.
    public static let revisionLabel = "io.swiftpod.base-image.revision"

    /// The path of the build log.
    public var logPath: String { "\(dataDirectory)/logs/base-image.log" }

    /// Makes sure the engine has the base image: returns the existing one, or builds and imports it.
    /// - Parameter force: build it again even when the engine has it (the new image takes over the tag).
    /// - Throws: `ImageBuilderError` when a build step fails, `ContainerEngineError` when the engine does.
    public func run(force: Bool = false) async throws -> Outcome {
        // One build at a time, across processes sharing the data directory: a bootstrap that waited for another
        // finds the image it built.
        let lock = try await BuildLock.acquire(path: "\(dataDirectory)/base-image.lock", logger: logger)
        defer { lock.release() }
        let existing = try await existingImage()
        if let existing, !force {
            if existing.labels[Self.revisionLabel] == String(Self.revision) {
                logger.info("the engine already has \(Self.reference)", ["image.id": existing.id])
                return Outcome(image: existing, wasBuilt: false)
            }
            logger.info(
                "\(Self.reference) is of an older revision; building revision \(Self.revision)",
                ["image.id": existing.id])
        }
        let started = ContinuousClock.now
        let image = try await build()
        if let existing, existing.id != image.id {
            // The old image has lost its tag; drop it unless a container still uses it.
            try? await client.removeImage(existing.id)
        }
        let size = image.size.map { " (\($0 / 1_000_000) MB)" } ?? ""
        logger.info(
            "built \(Self.reference)\(size) in \(Self.seconds(ContinuousClock.now - started))",
            ["image.id": image.id])
        return Outcome(image: image, wasBuilt: true)
    }

    /// The image, when the engine has it.
    func existingImage() async throws -> ImageDetails? {
        do {
            return try await client.inspectImage(Self.reference)
        } catch let error as ContainerEngineError where error.code == .notFound {
            return nil
        }
    }

    /// Builds the root filesystem in a fresh directory and imports it; removes the directory afterwards.
    private func build() async throws -> ImageDetails {
        let workDirectory = "\(dataDirectory)/tmp/base-image-\(UUID().uuidString.prefix(8).lowercased())"
        let runner = try prepare(workDirectory: workDirectory)
        do {
            let image = try await build(in: workDirectory, runner: runner)
            await removeWorkDirectory(workDirectory, runner: runner)
            return image
        } catch {
            await removeWorkDirectory(workDirectory, runner: runner)
            throw error
        }
    }

    /// Creates the work and log directories and starts a fresh log.
    private func prepare(workDirectory: String) throws -> BuildStepRunner {
        do {
            try FileManager.default.createDirectory(atPath: workDirectory, withIntermediateDirectories: true)
            try FileManager.default.createDirectory(
                atPath: "\(dataDirectory)/logs", withIntermediateDirectories: true)
            try Data("building \(Self.reference) in \(workDirectory)\n".utf8).write(to: URL(fileURLWithPath: logPath))
        } catch {
            throw ImageBuilderError(
                code: .stepFailed, message: "cannot prepare \(workDirectory) for the build: \(error)",
                underlying: error)
        }
        return BuildStepRunner(logPath: logPath, logger: logger)
    }

    private func build(in workDirectory: String, runner: BuildStepRunner) async throws -> ImageDetails {
        let root = "\(workDirectory)/rootfs"
        var started = ContinuousClock.now
        logger.info(
            "debootstrap \(suite) (minbase and \(Self.packages.count) packages) from \(mirror); log in \(logPath)")
        try await runner.run(
            "debootstrap", "debootstrap",
            [
                "--variant=minbase", "--include=\(Self.packages.joined(separator: ","))", suite, root, mirror,
            ],
            timeout: debootstrapTimeout)
        logger.debug("debootstrap took \(Self.seconds(ContinuousClock.now - started))")

        logger.info("adding the user \(Self.userName) (\(Self.userID):\(Self.userID)) with passwordless sudo")
        try await addWorkspaceUser(root: root, runner: runner)

        logger.info("removing apt lists and caches, and the build machine's resolv.conf and hostname")
        try cleanApt(root: root)
        // debootstrap copies these from the build machine; the engine provides a container's own at run time.
        for file in ["etc/resolv.conf", "etc/hostname"] {
            try? FileManager.default.removeItem(atPath: "\(root)/\(file)")
        }

        started = ContinuousClock.now
        logger.info("packing the root filesystem")
        let tarPath = "\(workDirectory)/rootfs.tar"
        try await runner.run(
            "pack", "tar", ["-C", root, "--numeric-owner", "-cf", tarPath, "."], timeout: .seconds(600))
        logger.debug("packing took \(Self.seconds(ContinuousClock.now - started))")

        logger.info("importing into the engine as \(Self.reference)")
        return try await client.importImage(
            rootFilesystemTar: tarPath, repository: Self.repository, tag: Self.tag, changes: Self.imageConfiguration)
    }

    /// Adds the group and user `gitpod` inside the root filesystem, its sudoers file and the `/workspace` directory.
    private func addWorkspaceUser(root: String, runner: BuildStepRunner) async throws {
        let id = String(Self.userID)
        try await runner.run(
            "add the group", "chroot", [root, "groupadd", "--gid", id, Self.userName], timeout: .seconds(60))
        // `*` is no password at all, unlike useradd's default `!` which marks the account locked (and sshd refuses
        // locked accounts even with a key).
        try await runner.run(
            "add the user", "chroot",
            [
                root, "useradd", "--uid", id, "--gid", id, "--groups", "sudo", "--create-home", "--home-dir",
                "/home/\(Self.userName)", "--shell", "/bin/bash", "--password", "*", Self.userName,
            ],
            timeout: .seconds(60))
        let sudoers = "/etc/sudoers.d/\(Self.userName)"
        do {
            try Data("\(Self.userName) ALL=(ALL) NOPASSWD:ALL\n".utf8).write(to: URL(fileURLWithPath: root + sudoers))
            try FileManager.default.setAttributes([.posixPermissions: 0o440], ofItemAtPath: root + sudoers)
            try FileManager.default.createDirectory(atPath: "\(root)/workspace", withIntermediateDirectories: true)
        } catch {
            throw ImageBuilderError(code: .stepFailed, message: "cannot write \(sudoers): \(error)", underlying: error)
        }
        guard chown("\(root)/workspace", uid_t(Self.userID), gid_t(Self.userID)) == 0 else {
            throw ImageBuilderError(
                code: .stepFailed,
                message: "cannot give /workspace to \(Self.userName): \(String(cString: strerror(errno)))")
        }
        try await runner.run("check sudoers", "chroot", [root, "visudo", "-c", "-f", sudoers], timeout: .seconds(60))
    }

    /// Empties apt's package lists and removes its downloaded packages and caches, which the image does not need.
    private func cleanApt(root: String) throws {
        let fileManager = FileManager.default
        let removable: [(directory: String, keep: (String) -> Bool)] = [
            ("var/lib/apt/lists", { $0 == "partial" || $0 == "lock" }),
            ("var/cache/apt/archives", { !$0.hasSuffix(".deb") }),
            ("var/cache/apt", { !$0.hasSuffix(".bin") }),
        ]
        for (directory, keep) in removable {
            let path = "\(root)/\(directory)"
            let names = (try? fileManager.contentsOfDirectory(atPath: path)) ?? []
            for name in names where !keep(name) {
                do {
                    try fileManager.removeItem(atPath: "\(path)/\(name)")
                } catch {
                    throw ImageBuilderError(
                        code: .stepFailed, message: "cannot remove \(path)/\(name): \(error)", underlying: error)
                }
            }
        }
    }

    /// Unmounts whatever a failed debootstrap left mounted inside the directory (so that removing it never reaches
    /// into the host's /proc or /sys), then removes it.
    private func removeWorkDirectory(_ path: String, runner: BuildStepRunner) async {
        let table = (try? String(contentsOfFile: "/proc/self/mounts", encoding: .utf8)) ?? ""
        let mounted = MountTable.mountPoints(under: path, table: table)
        for point in mounted {
            logger.debug("unmounting \(point)")
            try? await runner.run("unmount", "umount", ["--lazy", point], timeout: .seconds(60))
        }
        let stillMounted = MountTable.mountPoints(
            under: path, table: (try? String(contentsOfFile: "/proc/self/mounts", encoding: .utf8)) ?? "")
        guard stillMounted.isEmpty else {
            logger.warning(
                "left \(path) in place: \(stillMounted.joined(separator: ", ")) still mounted; unmount and remove it")
            return
        }
        do {
            try FileManager.default.removeItem(atPath: path)
        } catch {
            logger.warning("cannot remove \(path): \(error)")
        }
    }

    static func seconds(_ duration: Duration) -> String {
        let milliseconds = duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000
        return String(format: "%.1f s", Double(milliseconds) / 1000)
    }
}
