import Basics
import Foundation
import HTTP
import HTTPServer

/// The browser IDE as the server serves it on a workspace's IDE host (Gitpod's blobserve): `GET /` is the IDE page,
/// `GET /_ide/<version>/…` its static files, cached for a year since `<version>` is a hash of them all.
///
/// The files are ours (`Assets/` of this module: the page, its script and styles) and Debian's: CodeMirror 5 from
/// `libjs-codemirror` under `lib/codemirror/`, and xterm.js 3 with its fit addon under `lib/xterm/`, joined into
/// browser scripts from `node-xterm`'s modules (Debian's own browser build of it is a stub). They are read once, at
/// start; a request's path is only ever looked up among them, never used to open a file.
public struct IDEAssetServer: Sendable {
    /// Where the files come from.
    public struct Sources: Sendable, Equatable {
        /// The IDE's own files: `index.html` (the page's template), its scripts and styles.
        public var ownAssets: String
        /// Debian's browser libraries (`libjs-*`): `codemirror/` and `xterm/` in it.
        public var javaScriptDirectory: String
        /// Debian's Node.js modules (`node-*`): `xterm/lib/` in it.
        public var nodeModulesDirectory: String

        public init(
            ownAssets: String, javaScriptDirectory: String = "/usr/share/javascript",
            nodeModulesDirectory: String = "/usr/share/nodejs"
        ) {
            self.ownAssets = ownAssets
            self.javaScriptDirectory = javaScriptDirectory
            self.nodeModulesDirectory = nodeModulesDirectory
        }
    }

    /// The path under which the static files live, followed by the version.
    public static let assetPathPrefix = "/_ide/"
    /// The packages the IDE needs from Debian.
    public static let debianPackages = "libjs-codemirror libjs-xterm node-xterm"

    public let catalog: AssetCatalog
    /// The content hash in every asset URL.
    public let version: String
    /// What the IDE lacks, one sentence each, shown on the page; empty when all is there.
    public let missing: [String]
    let pageTemplate: String

    /// Reads every file.
    /// - Throws: `IDEAssetsError` when the IDE's own files are missing; Debian's are only noted in `missing`.
    public init(sources: Sources) throws(IDEAssetsError) {
        let templatePath = sources.ownAssets + "/index.html"
        guard let template = FileManager.default.contents(atPath: templatePath) else {
            throw IDEAssetsError(message: "the IDE's page template \(templatePath) is missing")
        }
        var catalog = AssetCatalog()
        catalog.addDirectory(sources.ownAssets, prefix: "", skipping: ["index.html", "lib"])
        var missing: [String] = []
        if !Self.addCodeMirror(to: &catalog, sources: sources) {
            missing.append(
                "The editor (CodeMirror) is missing from \(sources.javaScriptDirectory)/codemirror: "
                    + "install it with 'apt-get install libjs-codemirror'.")
        }
        if !Self.addXterm(to: &catalog, sources: sources) {
            missing.append(
                "The terminal (xterm.js) is missing from \(sources.nodeModulesDirectory)/xterm and "
                    + "\(sources.javaScriptDirectory)/xterm: install it with 'apt-get install libjs-xterm node-xterm'.")
        }
        self.init(catalog: catalog, pageTemplate: String(decoding: template, as: UTF8.self), missing: missing)
    }

    /// An IDE of the given files and page template (`{{assets}}`, `{{version}}` and `{{notice}}` in it are
    /// replaced).
    public init(catalog: AssetCatalog, pageTemplate: String, missing: [String] = []) {
        self.catalog = catalog
        self.version = catalog.version
        self.pageTemplate = pageTemplate
        self.missing = missing
    }

    /// The IDE's own files: this module's resources beside the executable, where SwiftPM puts them
    /// (`Swiftpod_IDEAssets.resources/Assets`), or else the sources of a checkout; nil when neither is there.
    ///
    /// SwiftPM's `Bundle.module` is not used: it stops the program when the resources are missing.
    public static var bundledAssetsDirectory: String? {
        let resources = "Swiftpod_IDEAssets.resources/Assets"
        let candidates = [
            Bundle.main.bundleURL.appendingPathComponent(resources).path,
            URL(fileURLWithPath: CommandLine.arguments.first ?? "").resolvingSymlinksInPath()
                .deletingLastPathComponent().appendingPathComponent(resources).path,
            URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Assets").path,
        ]
        return candidates.first { FileManager.default.fileExists(atPath: $0 + "/index.html") }
    }

    /// Whether the server, not the workspace, answers `request`: `GET` or `HEAD` of `/` or under `/_ide/`.
    public static func serves(_ request: HTTPRequest) -> Bool {
        guard request.method == .get || request.method == .head else { return false }
        return request.path == "/" || request.path.hasPrefix(assetPathPrefix)
    }

    /// The answer to a request that `serves(_:)`, or nil for any other.
    /// - Parameters:
    ///   - request: the request.
    ///   - policy: the page's Content Security Policy for this workspace's hosts.
    public func response(to request: HTTPRequest, policy: IDEPagePolicy) -> HTTPResponse? {
        guard Self.serves(request) else { return nil }
        if request.path == "/" { return page(policy: policy) }
        return asset(at: request.path.dropFirst(Self.assetPathPrefix.count))
    }

    /// The IDE page: never cached, so that it always names the current asset version.
    func page(policy: IDEPagePolicy) -> HTTPResponse {
        let notice =
            missing.isEmpty
            ? ""
            : "<div id=\"missing-assets\" role=\"alert\"><strong>The IDE is incomplete.</strong> "
                + missing.map { HTMLText.escaped($0) }.joined(separator: " ") + "</div>"
        let html = pageTemplate.replacingOccurrences(of: "{{assets}}", with: Self.assetPathPrefix + version)
            .replacingOccurrences(of: "{{version}}", with: version)
            .replacingOccurrences(of: "{{notice}}", with: notice)
        return HTTPResponse(
            status: .ok,
            headers: [
                "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store",
                "Content-Security-Policy": policy.contentSecurityPolicy, "X-Content-Type-Options": "nosniff",
                "Referrer-Policy": "same-origin",
            ],
            body: .bytes(ByteBuffer(string: html)))
    }

    /// A static file at `<version>/<path>` (percent-encoded as sent), or 404.
    func asset(at rest: Substring) -> HTTPResponse {
        let segments = rest.split(separator: "/", omittingEmptySubsequences: false)
        guard segments.count >= 2, segments[0] == version else {
            return notFound("no IDE file at this version: the IDE has been updated, reload the page")
        }
        var decoded: [String] = []
        for segment in segments.dropFirst() {
            guard let name = String(segment).removingPercentEncoding, !name.isEmpty, name != ".", name != "..",
                !name.contains("/"), !name.contains("\\"), !name.contains("\0")
            else { return notFound("no such IDE file") }
            decoded.append(name)
        }
        guard let asset = catalog.assets[decoded.joined(separator: "/")] else { return notFound("no such IDE file") }
        return HTTPResponse(
            status: .ok,
            headers: [
                "Content-Type": asset.contentType, "Cache-Control": "public, max-age=31536000, immutable",
                "X-Content-Type-Options": "nosniff", "Content-Security-Policy": IDEPagePolicy.assets,
            ],
            body: .bytes(ByteBuffer(bytes: asset.bytes)))
    }

    func notFound(_ message: String) -> HTTPResponse {
        var response = HTTPResponse.text(message + "\n", status: .notFound)
        response.headers.add(name: "Cache-Control", value: "no-store")
        response.headers.add(name: "X-Content-Type-Options", value: "nosniff")
        return response
    }
}
