import Foundation

/// Polls the kernel's TCP tables and reports when the set of listening ports changes.
public final class PortWatcher: Sendable {
    /// Reads the tables' text; the real one reads `/proc/net/tcp` and `/proc/net/tcp6`.
    public typealias TableReader = @Sendable () -> [String]

    private let read: TableReader
    private let interval: Duration
    private let broadcast = Broadcast<[ListeningPort]>(initial: [], replaysLatest: true, bufferSize: 1)

    /// - Parameters:
    ///   - interval: how often to poll.
    ///   - read: where the tables come from.
    public init(interval: Duration = .milliseconds(500), read: @escaping TableReader = PortWatcher.readProcNetTCP) {
        self.interval = interval
        self.read = read
    }

    /// The ports seen by the latest poll.
    public var ports: [ListeningPort] { broadcast.latest ?? [] }

    /// The ports now, then the full list after every change, until the consumer stops iterating.
    public func changes() -> AsyncStream<[ListeningPort]> { broadcast.subscribe() }

    /// Polls once; returns the new ports when they differ from the last poll, nil otherwise.
    @discardableResult
    public func poll() -> [ListeningPort]? {
        let ports = ProcNetTCP.listeningPorts(inTables: read())
        return broadcast.publish { $0 == ports ? nil : ports }
    }

    /// Polls until the task is cancelled, calling `onChange` with the full list after every change.
    public func run(onChange: @Sendable ([ListeningPort]) async -> Void = { _ in }) async {
        while !Task.isCancelled {
            if let ports = poll() { await onChange(ports) }
            try? await Task.sleep(for: interval)
        }
        close()
    }

    /// Ends every subscriber's stream, now and for later subscribers: the supervisor is stopping.
    public func close() { broadcast.close() }

    /// Reads `/proc/net/tcp` and `/proc/net/tcp6`; a missing table (no IPv6) reads as empty.
    public static let readProcNetTCP: TableReader = {
        ["/proc/net/tcp", "/proc/net/tcp6"].map { (try? String(contentsOfFile: $0, encoding: .utf8)) ?? "" }
    }
}
