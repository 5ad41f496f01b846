import Content
import Dispatch
import Foundation
import Supervisor

/// A workspace's live directories on the host, `<data>/workspaces/<id>/`: `content/` (mounted at `/workspace`) and
/// `run/` (mounted at `/.swiftpod/run`: the supervisor's configuration and socket).
public struct WorkspaceDirectory: Sendable, Hashable {
    /// `<data>/workspaces/<id>`.
    public let root: String

    /// The directory of workspace `workspaceID` under the data directory `dataDirectory`.
    public init(dataDirectory: String, workspaceID: String) {
        root = "\(dataDirectory)/workspaces/\(workspaceID)"
    }

    /// The files of the workspace, `/workspace` inside.
    public var content: String { root + "/content" }
    /// The supervisor's directory, `/.swiftpod/run` inside.
    public var run: String { root + "/run" }
    /// The supervisor's unix socket.
    public var socketPath: String { run + "/supervisor.sock" }
    /// The server's unix socket for this workspace (`gp`'s channel to the server), beside the supervisor's.
    public var serverSocketPath: String { run + "/server.sock" }
    /// The supervisor's configuration file.
    public var configurationPath: String { run + "/config.json" }

    /// The mount points inside the container.
    public static let contentMountPoint = "/workspace"
    public static let runMountPoint = "/.swiftpod/run"

    /// The marker that says the content is complete: written once a restore or checkout has finished, beside (not
    /// in) the content directory.
    public var completeMarker: String { root + "/content-complete" }

    /// Whether the content directory exists.
    public var hasContent: Bool {
        FileManager.default.fileExists(atPath: content)
    }

    /// Whether the content directory holds a workspace's files: a finished restore or checkout, and whatever the
    /// user has done since. A content directory without the marker is a restore or checkout cut short (its source
    /// is still there), never the only copy of anything.
    public var hasCompleteContent: Bool {
        hasContent && FileManager.default.fileExists(atPath: completeMarker)
    }

    /// The marker that says a stopped workspace's content was kept: the same files as the backup it names, in the
    /// host id range it names. Beside the content, like `completeMarker`, and removed before anything may change the
    /// files.
    public var keptMarker: String { root + "/content-kept" }

    /// What the marker of kept content records.
    public struct KeptContent: Codable, Sendable, Hashable {
        /// The verified backup the files are the same as.
        public var backupID: String
        /// The host id offset the files are owned in.
        public var hostIDOffset: Int
        /// When the stop kept them.
        public var keptAt: Date

        public init(backupID: String, hostIDOffset: Int, keptAt: Date) {
            self.backupID = backupID
            self.hostIDOffset = hostIDOffset
            self.keptAt = keptAt
        }
    }

    /// The kept content's record, or nil when the content was not kept (or its marker cannot be read, which counts
    /// the same: the files are then treated as complete content of unknown age, backed up before they go).
    public var keptContent: KeptContent? {
        guard hasCompleteContent, let data = FileManager.default.contents(atPath: keptMarker) else { return nil }
        return try? JSONDecoder().decode(KeptContent.self, from: data)
    }

    /// Records that the (complete) content is kept as the same files as `kept.backupID`.
    public func keep(_ kept: KeptContent) async throws {
        let marker = keptMarker
        let data = try JSONEncoder().encode(kept)
        try await Self.blocking {
            try DurableFile.replace(marker, with: Array(data), mode: 0o644)
        }
    }

    /// Takes kept content into use: its marker goes (durably) before any process may change the files, so that a
    /// crash from here on leaves complete content of unknown age, which the next start backs up first.
    public func adoptKeptContent() async throws {
        let marker = keptMarker
        try await Self.blocking { try DurableFile.remove(marker) }
    }

    /// Records that the content is complete.
    public func markContentComplete() async throws {
        let marker = completeMarker
        try await Self.blocking {
            // Not Foundation's atomic write: on Linux it leaves a directory behind in /tmp at every call.
            try DurableFile.replace(marker, with: [], mode: 0o644)
        }
    }

    /// Makes a fresh `run/` owned by the container's root (`hostIDOffset`), replacing what an earlier instance left.
    public func prepareRun(hostIDOffset: Int, configuration: SupervisorConfiguration) async throws {
        let run = self.run
        let configurationPath = self.configurationPath
        let data = try JSONEncoder().encode(configuration)
        try await Self.blocking {
            try? FileManager.default.removeItem(atPath: run)
            try FileManager.default.createDirectory(atPath: run, withIntermediateDirectories: true)
            try Self.changeOwner(run, uid: UInt32(hostIDOffset), gid: UInt32(hostIDOffset))
            try DurableFile.replace(configurationPath, with: Array(data), mode: 0o644)
        }
    }

    /// Makes `subdirectory` of the content directory, owned by `owner`.
    public func makeSubdirectory(_ subdirectory: String, owner: FileOwner) async throws {
        let path = content + "/" + subdirectory
        try await Self.blocking {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
            try Self.changeOwner(path, uid: owner.uid, gid: owner.gid)
        }
    }

    /// Makes an empty content directory, with `subdirectory` in it when given, both owned by `owner`.
    /// - Throws: when the content directory exists and is not empty: it may hold someone's files.
    public func prepareEmptyContent(owner: FileOwner, subdirectory: String?) async throws {
        let content = self.content
        try await Self.blocking {
            if let names = try? FileManager.default.contentsOfDirectory(atPath: content), !names.isEmpty {
                throw WorkspaceManagerError(
                    code: .contentConflict,
                    message: "the content directory \(content) is not empty: it is left alone, for a person to look at")
            }
            try FileManager.default.createDirectory(atPath: content, withIntermediateDirectories: true)
            try Self.changeOwner(content, uid: owner.uid, gid: owner.gid)
            if let subdirectory {
                let path = content + "/" + subdirectory
                try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
                try Self.changeOwner(path, uid: owner.uid, gid: owner.gid)
            }
        }
    }

    /// Makes sure the parent of `content` exists, for a restore that creates `content` itself.
    public func prepareRoot() async throws {
        let root = self.root
        try await Self.blocking {
            try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        }
    }

    /// Removes the content directory (only once its backup is safe, or when it is not complete), markers first.
    public func removeContent() async throws {
        let content = self.content
        let markers = [keptMarker, completeMarker]
        try await Self.blocking {
            for marker in markers where FileManager.default.fileExists(atPath: marker) {
                try FileManager.default.removeItem(atPath: marker)
            }
            guard FileManager.default.fileExists(atPath: content) else { return }
            try FileManager.default.removeItem(atPath: content)
        }
    }

    /// Removes `run/`, and the workspace's directory when nothing else is left in it.
    public func removeRun() async throws {
        let run = self.run
        let root = self.root
        try await Self.blocking {
            if FileManager.default.fileExists(atPath: run) { try FileManager.default.removeItem(atPath: run) }
            if (try? FileManager.default.contentsOfDirectory(atPath: root))?.isEmpty == true {
                try? FileManager.default.removeItem(atPath: root)
            }
        }
    }

    private static func changeOwner(_ path: String, uid: UInt32, gid: UInt32) throws {
        guard chown(path, uid, gid) == 0 else {
            let reason = String(cString: strerror(errno))
            throw WorkspaceManagerError(
                code: .io, message: "cannot give \(path) to host uid \(uid), gid \(gid): \(reason)")
        }
    }

    /// Runs file work on a dispatch thread, so that no concurrency thread waits on the disk.
    static func blocking<Result: Sendable>(_ body: @escaping @Sendable () throws -> Result) async throws -> Result {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: Swift.Result { try body() })
            }
        }
    }
}
