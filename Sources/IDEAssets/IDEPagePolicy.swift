/// The Content Security Policy of the IDE page: scripts and styles from the IDE's own origin only, WebSockets to
/// its own host, and frames (the preview pane) from the workspace's port hosts.
public struct IDEPagePolicy: Sendable, Equatable {
    /// The IDE host's WebSocket origin, such as `ws://wsone.localhost:8080`.
    public var webSocketOrigin: String
    /// The origins the preview pane may show, such as `http://*.localhost:8080`.
    public var frameSources: [String]

    public init(webSocketOrigin: String, frameSources: [String]) {
        self.webSocketOrigin = webSocketOrigin
        self.frameSources = frameSources
    }

    /// The `Content-Security-Policy` header's value. CodeMirror and xterm.js set inline styles, so styles allow
    /// `'unsafe-inline'`; scripts never do.
    public var contentSecurityPolicy: String {
        [
            "default-src 'self'", "script-src 'self'", "style-src 'self' 'unsafe-inline'", "img-src 'self' data:",
            "font-src 'self'", "connect-src 'self' \(webSocketOrigin)",
            "frame-src " + (frameSources.isEmpty ? "'none'" : frameSources.joined(separator: " ")),
            "frame-ancestors 'none'", "base-uri 'none'", "form-action 'self'", "object-src 'none'",
        ].joined(separator: "; ")
    }

    /// The policy of the static files: the same sources, nothing framed.
    static let assets =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'; "
        + "object-src 'none'"
}
