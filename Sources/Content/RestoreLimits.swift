/// How much a restore may create, so that a hostile or broken archive cannot fill the disk.
public struct RestoreLimits: Sendable, Hashable {
    /// The most content bytes (file data written) a restore may produce.
    public var maxBytes: Int64
    /// The most entries an archive may hold.
    public var maxEntries: Int

    /// Limits sized for real workspaces: 50 GiB and 5 million entries by default.
    public init(maxBytes: Int64 = 50 << 30, maxEntries: Int = 5_000_000) {
        self.maxBytes = maxBytes
        self.maxEntries = maxEntries
    }
}

/// What a restore created.
public struct RestoreReport: Sendable {
    /// How many entries the archive held (the root directory included).
    public var entries: Int
    /// The content bytes written.
    public var bytes: Int64
    /// What was left out or changed, one line each: devices and sockets skipped, owners outside the id
    /// mapping. At most `BackupNotes.limit` lines; `omittedNotes` counts the rest.
    public var notes: [String]
    /// How many notes were left out of `notes`.
    public var omittedNotes: Int
}
