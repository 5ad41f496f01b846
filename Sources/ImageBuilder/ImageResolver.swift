import Basics
import ContainerEngine
import Foundation
import Synchronization

/// Turns a workspace's image source into an image the engine has: the base image (bootstrapped when missing), a
/// named image (pulled when missing), or a Dockerfile built through the engine and tagged by the hash of what it
/// reads, so that the next workspace with the same Dockerfile, context and arguments reuses it.
///
/// Builds of the same hash are shared: a second workspace that needs an image being built waits for that build. Each
/// build's log goes to `<data>/logs/images/<hash>.log` and, line by line, to the caller that started it.
public actor ImageResolver {
    /// The image a workspace runs, and how it was obtained.
    public struct ResolvedImage: Sendable, Equatable {
        public var reference: String
        /// The content hash of a Dockerfile build; nil for the base image and named images.
        public var buildHash: String?
        /// Whether this call built (or pulled) it, rather than finding it.
        public var wasBuilt: Bool
        /// The build's log, for Dockerfile builds.
        public var logPath: String?

        public init(reference: String, buildHash: String? = nil, wasBuilt: Bool, logPath: String? = nil) {
            self.reference = reference
            self.buildHash = buildHash
            self.wasBuilt = wasBuilt
            self.logPath = logPath
        }
    }

    /// The repository of images built from Dockerfiles; the tag is the build's content hash.
    public static let builtRepository = "swiftpod/workspace-image"
    /// How many of the log's last lines a failed build's error carries.
    public static let failureLogLines = 20

    private let client: EngineClient
    private let dataDirectory: String
    private let logger: Logger
    private var builds: [String: Task<ResolvedImage, any Error>] = [:]

    public init(client: EngineClient, dataDirectory: String, logger: Logger) {
        self.client = client
        self.dataDirectory = dataDirectory
        self.logger = logger
    }

    /// Resolves `source` to an image the engine has.
    /// - Parameters:
    ///   - buildStarts: called before this call builds an image, or waits for another call's build of it.
    ///   - log: receives the build's output, line by line, when this call builds an image.
    /// - Throws: `ImageBuilderError`: `.invalidSource` for a Dockerfile or context outside the repository,
    ///   `.buildFailed` with the log's last lines, `.imageUnavailable` for a named image the engine cannot get.
    public func resolve(
        _ source: ImageSource, buildStarts: @Sendable () async -> Void = {},
        log: @escaping @Sendable (String) -> Void = { _ in }
    ) async throws -> ResolvedImage {
        switch source {
        case .default:
            let outcome = try await BaseImageBootstrap(client: client, dataDirectory: dataDirectory, logger: logger)
                .run()
            return ResolvedImage(reference: BaseImageBootstrap.reference, wasBuilt: outcome.wasBuilt)
        case .name(let name):
            return try await named(name, log: log)
        case .dockerfile(let repository, let file, let context, let arguments):
            let buildContext = try BuildContext(
                repository: repository, file: file, context: context, arguments: arguments)
            let hash = try await Self.onOwnThread { try buildContext.digest() }
            let tag = String(hash.prefix(32))
            if let running = builds[tag] {
                await buildStarts()
                return try await running.value
            }
            let reference = "\(Self.builtRepository):\(tag)"
            if (try? await client.inspectImage(reference)) != nil {
                return ResolvedImage(
                    reference: reference, buildHash: hash, wasBuilt: false, logPath: logPath(tag: tag))
            }
            // Another call may have started the build while this one asked the engine.
            if let running = builds[tag] {
                await buildStarts()
                return try await running.value
            }
            let build = Task {
                try await self.build(buildContext, reference: reference, hash: hash, tag: tag, log: log)
            }
            builds[tag] = build
            defer { builds[tag] = nil }
            await buildStarts()
            return try await build.value
        }
    }

    /// The log of the build with `tag`.
    public nonisolated func logPath(tag: String) -> String { "\(dataDirectory)/logs/images/\(tag).log" }

    private func named(_ name: String, log: @escaping @Sendable (String) -> Void) async throws -> ResolvedImage {
        guard !name.isEmpty, !name.hasPrefix("-"), !name.contains(where: { $0.isWhitespace || $0.isNewline }) else {
            throw ImageBuilderError(code: .invalidSource, message: "'\(name)' is not an image name")
        }
        if (try? await client.inspectImage(name)) != nil {
            return ResolvedImage(reference: name, wasBuilt: false)
        }
        do {
            try await client.pullImage(name, log: log)
        } catch {
            throw ImageBuilderError(
                code: .imageUnavailable,
                message: "the image '\(name)' is not in the engine and pulling it failed: \(error)", underlying: error)
        }
        return ResolvedImage(reference: name, wasBuilt: true)
    }

    private func build(
        _ context: BuildContext, reference: String, hash: String, tag: String, log: @escaping @Sendable (String) -> Void
    ) async throws -> ResolvedImage {
        let logPath = logPath(tag: tag)
        let work = "\(dataDirectory)/tmp/image-build-\(tag.prefix(12))-\(UUID().uuidString.prefix(8).lowercased())"
        defer { try? FileManager.default.removeItem(atPath: work) }
        let tarPath = try await context.pack(into: work)
        let logFile = try BuildLogFile(path: logPath)
        defer { logFile.close() }
        logFile.append("building \(reference) from \(context.dockerfile)\n")
        logger.info("building \(reference)", ["image.dockerfile": context.dockerfile])
        let started = ContinuousClock.now
        do {
            _ = try await client.buildImage(
                contextTar: tarPath, tag: reference, dockerfile: BuildContext.dockerfileName,
                buildArgs: context.arguments, labels: ["io.swiftpod.build-hash": hash]
            ) { line in
                logFile.append(line.hasSuffix("\n") ? line : line + "\n")
                log(line)
            }
        } catch {
            logFile.append("build failed: \(error)\n")
            let tail = logFile.lastLines(Self.failureLogLines)
            throw ImageBuilderError(
                code: .buildFailed,
                message: "building \(context.dockerfile) failed: \(error)\nthe last lines of \(logPath):\n\(tail)",
                underlying: error)
        }
        logger.info(
            "built \(reference) in \(BaseImageBootstrap.seconds(ContinuousClock.now - started))",
            ["image.reference": reference])
        return ResolvedImage(reference: reference, buildHash: hash, wasBuilt: true, logPath: logPath)
    }

    /// Runs blocking file work (hashing, packing) on a thread of its own, off the concurrency pool.
    static func onOwnThread<Value: Sendable>(_ work: @escaping @Sendable () throws -> Value) async throws -> Value {
        try await withCheckedThrowingContinuation { continuation in
            Thread { continuation.resume(with: Swift.Result { try work() }) }.start()
        }
    }
}

/// A build's log file: appended to as lines arrive, read back for a failure's last lines.
final class BuildLogFile: Sendable {
    private let path: String
    private let descriptor: Int32

    init(path: String) throws {
        self.path = path
        try? FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw ImageBuilderError(
                code: .stepFailed, message: "cannot write the build log \(path): \(String(cString: strerror(errno)))")
        }
    }

    func append(_ text: String) {
        FileDescriptorWriter.writeAll(text, to: descriptor)
    }

    func lastLines(_ count: Int) -> String {
        let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        return text.split(separator: "\n", omittingEmptySubsequences: false).suffix(count + 1).joined(separator: "\n")
    }

    func close() {
        Glibc.close(descriptor)
    }
}
