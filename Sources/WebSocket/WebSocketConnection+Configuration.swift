extension WebSocketConnection {
    /// Limits and timeouts of a connection.
    public struct Configuration: Sendable {
        /// The largest frame payload accepted from the peer; a larger one closes the connection with 1009.
        public var maxFrameSize: Int
        /// The largest message accepted from the peer, adding up its fragments; a larger one closes with 1009.
        public var maxMessageSize: Int
        /// How long `close(code:reason:)` waits for the peer's close frame before it closes the stream anyway.
        public var closeTimeout: Duration
        /// The clock the close timeout runs on; tests inject one that needs no real waiting.
        public var clock: any Clock<Duration>

        /// - Parameters:
        ///   - maxFrameSize: 1 MiB unless told.
        ///   - maxMessageSize: 16 MiB unless told.
        ///   - closeTimeout: 5 seconds unless told.
        ///   - clock: the continuous clock unless told.
        public init(
            maxFrameSize: Int = 1 << 20, maxMessageSize: Int = 16 << 20, closeTimeout: Duration = .seconds(5),
            clock: any Clock<Duration> = ContinuousClock()
        ) {
            self.maxFrameSize = maxFrameSize
            self.maxMessageSize = maxMessageSize
            self.closeTimeout = closeTimeout
            self.clock = clock
        }
    }
}
