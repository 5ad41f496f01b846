/// What a backup wrote.
public struct BackupReport: Sendable {
    /// The archive's path.
    public var path: String
    /// The SHA-256 of the archive file, in lowercase hexadecimal.
    public var sha256: String
    /// How many entries the archive holds (the root directory included).
    public var entries: Int
    /// The content read: the sizes of the regular files stored, holes included.
    public var bytesIn: Int64
    /// The size of the archive file.
    public var bytesOut: Int64
    /// What was left out or changed, one line each: sockets and devices skipped, owners outside the id
    /// mapping. At most `BackupNotes.limit` lines; `omittedNotes` counts the rest.
    public var notes: [String]
    /// How many notes were left out of `notes`.
    public var omittedNotes: Int
}

/// A bounded list of notes: a tree with a million sockets must not make a report of a million lines.
struct BackupNotes {
    static let limit = 100
    private(set) var lines: [String] = []
    private(set) var omitted = 0

    mutating func add(_ line: String) {
        if lines.count < Self.limit { lines.append(line) } else { omitted += 1 }
    }
}
