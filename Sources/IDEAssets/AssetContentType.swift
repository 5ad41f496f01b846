/// The media types of the files the IDE serves, by file name extension; files of any other type are not served.
public enum AssetContentType {
    static let byExtension: [String: String] = [
        "js": "text/javascript; charset=utf-8",
        "mjs": "text/javascript; charset=utf-8",
        "css": "text/css; charset=utf-8",
        "html": "text/html; charset=utf-8",
        "svg": "image/svg+xml",
        "woff2": "font/woff2",
        "woff": "font/woff",
        "png": "image/png",
        "ico": "image/x-icon",
        "json": "application/json",
    ]

    /// The `Content-Type` of a file named `name`, or nil when the IDE does not serve files of its kind.
    public static func forFile(named name: some StringProtocol) -> String? {
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return nil }
        return byExtension[name[name.index(after: dot)...].lowercased()]
    }
}
