import Basics

/// Copies bytes both ways between two streams until both directions end: a WebSocket through the proxy, or a
/// CONNECT tunnel. When one side ends its writing, the other side's write half is closed, so half-closed
/// protocols keep working; when either side fails, both are closed.
public enum ByteStreamSplice {
    /// Runs the copy and returns once both directions have ended.
    /// - Parameters:
    ///   - first: one stream.
    ///   - second: the other.
    ///   - pendingForSecond: bytes already read from `first` that `second` must get before anything else.
    ///   - pendingForFirst: bytes already read from `second` that `first` must get first.
    public static func run(
        _ first: any ByteStream, _ second: any ByteStream,
        pendingForSecond: ByteBuffer = ByteBuffer(), pendingForFirst: ByteBuffer = ByteBuffer()
    ) async {
        await withTaskGroup(of: Bool.self) { group in
            group.addTask { await copy(from: first, to: second, pending: pendingForSecond) }
            group.addTask { await copy(from: second, to: first, pending: pendingForFirst) }
            for await cleanEnd in group where !cleanEnd {
                first.close()
                second.close()
            }
        }
        first.close()
        second.close()
    }

    /// Copies until the end of `source`; returns false when either side failed.
    private static func copy(
        from source: any ByteStream, to destination: any ByteStream, pending: ByteBuffer
    ) async
        -> Bool
    {
        do {
            if !pending.isEmpty { try await destination.write(pending) }
            var buffer = ByteBuffer(capacity: 16 * 1024)
            while true {
                buffer.clear()
                let count = try await source.read(into: &buffer)
                if count == 0 { break }
                try await destination.write(buffer)
            }
            destination.shutdownWrite()
            return true
        } catch {
            return false
        }
    }
}
