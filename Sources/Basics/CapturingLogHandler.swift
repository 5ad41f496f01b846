import Synchronization

/// Keeps every record in memory, for tests that check what was logged.
public final class CapturingLogHandler: LogHandler {
    private let storage = Mutex<[LogRecord]>([])

    /// A handler with no records yet.
    public init() {}

    public func log(_ record: LogRecord) {
        storage.withLock { $0.append(record) }
    }

    /// The records logged so far, oldest first.
    public var records: [LogRecord] {
        storage.withLock { $0 }
    }

    /// The messages logged so far, oldest first.
    public var messages: [String] {
        records.map(\.message)
    }

    /// Forgets the records logged so far.
    public func removeAll() {
        storage.withLock { $0.removeAll() }
    }

    /// A logger that writes to this handler.
    /// - Parameters:
    ///   - label: the logger's label.
    ///   - level: the lowest level kept.
    public func logger(label: String = "test", level: LogLevel = .trace) -> Logger {
        Logger(label: label, level: level, handler: self)
    }
}
