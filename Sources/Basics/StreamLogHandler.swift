import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Formats records as `logfmt` or JSON lines and hands each whole line, newline included, to a sink.
///
/// Lines are formatted outside the lock and written under it, so lines from concurrent tasks never interleave.
public final class StreamLogHandler: LogHandler {
    /// How records are written.
    public let format: LogFormat
    private let sink: @Sendable (String) -> Void
    private let lock = Mutex(())

    /// A handler writing to any sink.
    /// - Parameters:
    ///   - format: how records are written.
    ///   - sink: receives one complete line, ending in a newline, at a time.
    public init(format: LogFormat, sink: @escaping @Sendable (String) -> Void) {
        self.format = format
        self.sink = sink
    }

    /// A handler writing to standard error, one `write(2)` per line.
    public static func standardError(format: LogFormat) -> StreamLogHandler {
        StreamLogHandler(format: format) { FileDescriptorWriter.writeAll($0, to: STDERR_FILENO) }
    }

    /// A handler writing to standard output, one `write(2)` per line.
    public static func standardOutput(format: LogFormat) -> StreamLogHandler {
        StreamLogHandler(format: format) { FileDescriptorWriter.writeAll($0, to: STDOUT_FILENO) }
    }

    public func log(_ record: LogRecord) {
        let line = format.format(record) + "\n"
        lock.withLock { _ in sink(line) }
    }
}

/// Writes text to a file descriptor in as few `write(2)` calls as the kernel allows.
public enum FileDescriptorWriter {
    /// Writes all of `text`, retrying after interruptions and short writes; gives up on other errors.
    public static func writeAll(_ text: String, to descriptor: Int32) {
        var text = text
        text.withUTF8 { writeAll($0, to: descriptor) }
    }

    /// Writes all of `bytes`, retrying after interruptions and short writes; gives up on other errors.
    public static func writeAll(_ bytes: [UInt8], to descriptor: Int32) {
        bytes.withUnsafeBufferPointer { writeAll($0, to: descriptor) }
    }

    private static func writeAll(_ bytes: UnsafeBufferPointer<UInt8>, to descriptor: Int32) {
        guard let base = bytes.baseAddress else { return }
        var offset = 0
        while offset < bytes.count {
            let written = write(descriptor, base + offset, bytes.count - offset)
            if written > 0 {
                offset += written
            } else if written < 0, errno == EINTR {
                continue
            } else {
                return
            }
        }
    }
}
