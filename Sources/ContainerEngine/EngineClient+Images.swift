import Basics
import Foundation
import HTTP
import HTTPClient

/// An image as `GET /images/{name}/json` describes it.
public struct ImageDetails: Sendable, Decodable {
    public var id: String
    public var repoTags: [String]
    public var size: Int64?
    public var created: String?
    public var labels: [String: String]
    /// The image's default environment, `NAME=value`.
    public var environment: [String]
    /// The image's default working directory, when it has one.
    public var workingDirectory: String?
    /// The image's default user, when it has one.
    public var user: String?

    private enum CodingKeys: String, CodingKey {
        case id = "Id", repoTags = "RepoTags", size = "Size", created = "Created", config = "Config"
    }
    private struct Config: Decodable {
        var labels: [String: String]?
        var environment: [String]?
        var workingDirectory: String?
        var user: String?
        private enum CodingKeys: String, CodingKey {
            case labels = "Labels", environment = "Env", workingDirectory = "WorkingDir", user = "User"
        }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        repoTags = try container.decodeIfPresent([String].self, forKey: .repoTags) ?? []
        size = try container.decodeIfPresent(Int64.self, forKey: .size)
        created = try container.decodeIfPresent(String.self, forKey: .created)
        let config = try container.decodeIfPresent(Config.self, forKey: .config)
        labels = config?.labels ?? [:]
        environment = config?.environment ?? []
        workingDirectory = config?.workingDirectory.flatMap { $0.isEmpty ? nil : $0 }
        user = config?.user.flatMap { $0.isEmpty ? nil : $0 }
    }
}

/// An image as `GET /images/json` lists it.
public struct ImageSummary: Sendable, Decodable {
    public var id: String
    public var repoTags: [String]
    public var size: Int64?
    public var labels: [String: String]

    private enum CodingKeys: String, CodingKey {
        case id = "Id", repoTags = "RepoTags", size = "Size", labels = "Labels"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        repoTags = try container.decodeIfPresent([String].self, forKey: .repoTags) ?? []
        size = try container.decodeIfPresent(Int64.self, forKey: .size)
        labels = try container.decodeIfPresent([String: String].self, forKey: .labels) ?? [:]
    }
}

/// One line of progress from a build or an import: `stream` text, `status`, or an error.
struct ProgressMessage: Decodable {
    var stream: String?
    var status: String?
    var id: String?
    var error: String?
    var errorDetail: ErrorDetail?
    var aux: Aux?

    struct ErrorDetail: Decodable { var message: String? }
    struct Aux: Decodable {
        var id: String?
        private enum CodingKeys: String, CodingKey { case id = "ID" }
    }

    /// The engine's error message, when this line reports one.
    var errorMessage: String? { errorDetail?.message ?? error }
}

extension EngineClient {
    /// Describes an image by name, tag or ID.
    public func inspectImage(_ name: String, deadline: ContinuousClock.Instant? = nil) async throws -> ImageDetails {
        try await sendJSON(
            ImageDetails.self, request(.get, "/images/\(EngineClient.percentEncode(name))/json"), deadline: deadline)
    }

    /// Lists images, optionally only those with a label (`key` or `key=value`).
    public func listImages(
        label: String? = nil, deadline: ContinuousClock.Instant? = nil
    ) async throws -> [ImageSummary] {
        var query: [(String, String)] = []
        if let label { query.append(("filters", try EngineClient.filtersJSON(["label": [label]]))) }
        return try await sendJSON([ImageSummary].self, request(.get, "/images/json", query: query), deadline: deadline)
    }

    /// Imports a root filesystem tar file as an image tagged `repository:tag`, streaming the file.
    /// - Parameter changes: Dockerfile instructions applied to the image's configuration (`ENV`, `WORKDIR`,
    ///   `USER`, `CMD`, ...).
    /// - Returns: the imported image.
    public func importImage(
        rootFilesystemTar path: String, repository: String, tag: String = "latest", changes: [String] = [],
        deadline: ContinuousClock.Instant? = nil
    ) async throws -> ImageDetails {
        let deadline = deadline ?? .now + .seconds(600)
        let body = try EngineClient.fileBody(path)
        var headers: HTTPHeaders = ["Content-Type": "application/x-tar"]
        headers.add(name: "Content-Length", value: String(body.size))
        let (_, answer) = try await send(
            request(
                .post, "/images/create",
                query: [("fromSrc", "-"), ("repo", repository), ("tag", tag)] + changes.map { ("changes", $0) },
                headers: headers, body: body.body),
            deadline: deadline)
        var splitter = JSONLineSplitter()
        var lines = try splitter.feed(answer)
        if let last = splitter.finish() { lines.append(last) }
        for line in lines {
            if let message = try? JSONDecoder().decode(ProgressMessage.self, from: Data(line)),
                let error = message.errorMessage
            {
                throw ContainerEngineError(code: .engineFailure, message: error)
            }
        }
        return try await inspectImage("\(repository):\(tag)", deadline: deadline)
    }

    /// Starts building an image from a build context tar file (with its `Dockerfile`), tagged `tag`.
    ///
    /// The build's output arrives line by line as the sequence is iterated; a failed build ends the sequence with a
    /// `ContainerEngineError` of code `.buildFailed` carrying the engine's message.
    /// - Parameters:
    ///   - deadline: when to give up waiting for the build to start; the output itself has no deadline.
    public func buildImage(
        contextTar path: String, tag: String, dockerfile: String = "Dockerfile", buildArgs: [String: String] = [:],
        labels: [String: String] = [:], deadline: ContinuousClock.Instant? = nil
    ) async throws -> JSONLineSequence<String> {
        let body = try EngineClient.fileBody(path)
        var headers: HTTPHeaders = ["Content-Type": "application/x-tar"]
        headers.add(name: "Content-Length", value: String(body.size))
        // forcerm: a failed build must not leave its working container (and so its base image) behind.
        var query: [(String, String)] = [("t", tag), ("dockerfile", dockerfile), ("rm", "1"), ("forcerm", "1")]
        if !buildArgs.isEmpty { query.append(("buildargs", try EngineClient.jsonString(buildArgs))) }
        if !labels.isEmpty { query.append(("labels", try EngineClient.jsonString(labels))) }
        let response = try await open(
            request(.post, "/build", query: query, headers: headers, body: body.body), deadline: deadline)
        return JSONLineSequence(response: response) { line in
            guard let message = try? JSONDecoder().decode(ProgressMessage.self, from: Data(line)) else {
                return String(decoding: line, as: UTF8.self)
            }
            if let error = message.errorMessage {
                throw ContainerEngineError(code: .buildFailed, message: error)
            }
            return message.stream ?? message.status
        }
    }

    /// Builds an image and waits for the build to end, handing each line of output to `log`.
    public func buildImage(
        contextTar path: String, tag: String, dockerfile: String = "Dockerfile", buildArgs: [String: String] = [:],
        labels: [String: String] = [:], log: (String) -> Void
    ) async throws -> ImageDetails {
        let output = try await buildImage(
            contextTar: path, tag: tag, dockerfile: dockerfile, buildArgs: buildArgs, labels: labels)
        for try await line in output { log(line) }
        return try await inspectImage(tag)
    }

    /// Pulls an image from its registry, handing each line of progress to `log`.
    /// - Throws: `ContainerEngineError` with the engine's message when the pull fails.
    public func pullImage(
        _ name: String, deadline: ContinuousClock.Instant? = nil, log: @Sendable (String) -> Void = { _ in }
    ) async throws {
        let deadline = deadline ?? .now + .seconds(600)
        let (_, answer) = try await send(
            request(.post, "/images/create", query: [("fromImage", name)]), deadline: deadline)
        var splitter = JSONLineSplitter()
        var lines = try splitter.feed(answer)
        if let last = splitter.finish() { lines.append(last) }
        for line in lines {
            guard let message = try? JSONDecoder().decode(ProgressMessage.self, from: Data(line)) else { continue }
            if let error = message.errorMessage { throw ContainerEngineError(code: .engineFailure, message: error) }
            if let text = message.stream ?? message.status { log(text) }
        }
    }

    /// Adds the name `repository:tag` to an image.
    public func tagImage(
        _ name: String, repository: String, tag: String = "latest", deadline: ContinuousClock.Instant? = nil
    ) async throws {
        _ = try await send(
            request(
                .post, "/images/\(EngineClient.percentEncode(name))/tag", query: [("repo", repository), ("tag", tag)]),
            deadline: deadline)
    }

    /// Removes an image (or one of its names).
    public func removeImage(_ name: String, force: Bool = false, deadline: ContinuousClock.Instant? = nil) async throws
    {
        _ = try await send(
            request(.delete, "/images/\(EngineClient.percentEncode(name))", query: [("force", force ? "1" : "0")]),
            deadline: deadline)
    }

    // MARK: Helpers

    /// A request body that streams a file in pieces, and the file's size.
    static func fileBody(_ path: String) throws -> (body: HTTPClientRequest.Body, size: Int) {
        let size: Int
        do {
            let attributes = try FileManager.default.attributesOfItem(atPath: path)
            size = (attributes[.size] as? NSNumber)?.intValue ?? 0
        } catch {
            throw ContainerEngineError(code: .badRequest, message: "cannot read \(path): \(error)", underlying: error)
        }
        let body = HTTPClientRequest.Body.stream { writer in
            guard let file = FileHandle(forReadingAtPath: path) else {
                throw ContainerEngineError(code: .badRequest, message: "cannot open \(path)")
            }
            defer { try? file.close() }
            while let data = try file.read(upToCount: 256 << 10), !data.isEmpty {
                try await writer.write(ByteBuffer(bytes: data))
            }
        }
        return (body, size)
    }

    static func jsonString(_ value: some Encodable) throws -> String {
        String(decoding: try JSONEncoder().encode(value), as: UTF8.self)
    }

    /// The `filters` query value: `{"label": ["a=b"], ...}`.
    static func filtersJSON(_ filters: [String: [String]]) throws -> String {
        try jsonString(filters)
    }
}
