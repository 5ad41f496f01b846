import Foundation

/// The sidecar record of a finished, verified backup. A backup without its manifest does not count.
public struct BackupManifest: Codable, Sendable, Hashable {
    /// The backup's id, unique within its workspace and sortable by time.
    public var id: String
    /// The workspace whose content it holds.
    public var workspaceID: String
    /// The SHA-256 of the archive file, in lowercase hexadecimal.
    public var sha256: String
    /// The size of the archive file in bytes.
    public var size: Int64
    /// When the backup was made.
    public var createdAt: Date
    /// How many entries the archive holds.
    public var entries: Int
    /// The size of the content archived (regular files, holes included).
    public var contentBytes: Int64

    public init(
        id: String, workspaceID: String, sha256: String, size: Int64, createdAt: Date, entries: Int, contentBytes: Int64
    ) {
        self.id = id
        self.workspaceID = workspaceID
        self.sha256 = sha256
        self.size = size
        self.createdAt = createdAt
        self.entries = entries
        self.contentBytes = contentBytes
    }

    /// The manifest as JSON, with the time in ISO 8601 to the millisecond.
    func encoded() throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(date.formatted(Self.timeFormat))
        }
        return Array(try encoder.encode(self))
    }

    /// Reads a manifest written by `encoded()`.
    static func decode(_ bytes: [UInt8]) throws -> BackupManifest {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let text = try decoder.singleValueContainer().decode(String.self)
            guard let date = try? Date(text, strategy: timeFormat) else {
                throw DecodingError.dataCorrupted(
                    .init(codingPath: decoder.codingPath, debugDescription: "not an ISO 8601 time: \(text)"))
            }
            return date
        }
        return try decoder.decode(BackupManifest.self, from: Data(bytes))
    }

    private static let timeFormat = Date.ISO8601FormatStyle(includingFractionalSeconds: true)
}
