/// How much of a message the parsers accept before refusing it.
///
/// Each limit bounds memory and work per connection; a message over a limit is refused with the status named on
/// the limit, so a server can answer it and close.
public struct HTTPParserLimits: Sendable, Equatable {
    /// The longest request line (or, for the response parser, status line), without its CRLF (414 URI Too Long
    /// beyond it).
    public var maxRequestLineBytes: Int
    /// The most bytes of header field lines, each with its CRLF (431 Request Header Fields Too Large beyond it).
    public var maxHeaderBytes: Int
    /// The most header field lines, and the most trailer field lines (431 beyond it).
    public var maxHeaderCount: Int
    /// The largest body: a larger Content-Length, or chunked or until-close data adding up to more, is refused
    /// (413 Content Too Large). A client or proxy streaming large downloads raises it.
    public var maxBodyBytes: Int
    /// The longest chunk-size line, extensions included, without its CRLF (400 Bad Request beyond it).
    public var maxChunkLineBytes: Int
    /// The most bytes of trailer field lines, each with its CRLF (431 beyond it).
    public var maxTrailerBytes: Int

    /// Creates limits; every one has a default suited to a public-facing server.
    public init(
        maxRequestLineBytes: Int = 8192,
        maxHeaderBytes: Int = 32 * 1024,
        maxHeaderCount: Int = 100,
        maxBodyBytes: Int = 64 * 1024 * 1024,
        maxChunkLineBytes: Int = 4096,
        maxTrailerBytes: Int = 8192
    ) {
        self.maxRequestLineBytes = maxRequestLineBytes
        self.maxHeaderBytes = maxHeaderBytes
        self.maxHeaderCount = maxHeaderCount
        self.maxBodyBytes = maxBodyBytes
        self.maxChunkLineBytes = maxChunkLineBytes
        self.maxTrailerBytes = maxTrailerBytes
    }
}
