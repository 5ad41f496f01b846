import Basics
import Crypto
import HTTP
import HTTPServer

/// The dashboard's style sheet and script, each at a URL named by a hash of its bytes
/// (`/_dashboard/<hash>/app.css`), so that browsers may keep them for a year: a new version has a new URL.
public struct DashboardAssets: Sendable {
    /// One file.
    public struct Asset: Sendable {
        public let name: String
        public let contentType: String
        public let bytes: [UInt8]
        /// The first 16 hex digits of the SHA-256 of `bytes`.
        public let hash: String

        init(name: String, contentType: String, text: String) {
            self.name = name
            self.contentType = contentType
            bytes = Array(text.utf8)
            hash = String(SHA256.hash(bytes).hexString.prefix(16))
        }

        /// Where pages link to it.
        public var path: String { "\(DashboardAssets.prefix)/\(hash)/\(name)" }
    }

    /// The path under which the assets are served.
    public static let prefix = "/_dashboard"
    /// The headers of an asset: cached for a year and never revalidated.
    public static let cacheControl = "public, max-age=31536000, immutable"

    /// The assets, hashed once.
    public static let shared = DashboardAssets()

    public let styleSheet: Asset
    public let script: Asset

    init() {
        styleSheet = Asset(name: "app.css", contentType: "text/css; charset=utf-8", text: Self.css)
        script = Asset(name: "app.js", contentType: "text/javascript; charset=utf-8", text: Self.javaScript)
    }

    /// The answer to `GET /_dashboard/<hash>/<name>`: the asset when both match, 404 otherwise (an old hash too,
    /// so that a stale page never caches a new file under its old URL).
    public func response(hash: String, name: String) -> HTTPResponse {
        guard let asset = [styleSheet, script].first(where: { $0.name == name && $0.hash == hash }) else {
            return HTTPResponse(
                status: .notFound,
                headers: ["Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store"],
                body: .bytes(ByteBuffer(string: "no dashboard file \(name) with version \(hash)\n")))
        }
        return HTTPResponse(
            status: .ok,
            headers: [
                "Content-Type": asset.contentType, "Cache-Control": Self.cacheControl,
                "X-Content-Type-Options": "nosniff",
            ],
            body: .bytes(ByteBuffer(bytes: asset.bytes)))
    }
}
