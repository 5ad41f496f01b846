import Basics
import Foundation
import HTTP
import HTTPServer
import IDEAssets
import TestSupport
import Testing

/// The IDE page and its static files, from a made-up asset set on disk.
@Suite struct IDEAssetServerTests {
    static let policy = IDEPagePolicy(
        webSocketOrigin: "ws://wsone.localhost:8080", frameSources: ["http://*.localhost:8080"])

    /// Our own files, Debian-like `javascript/` and `nodejs/` directories, and a secret beside them.
    struct AssetTree {
        let directory: TemporaryDirectory
        var own: String { directory.path + "/own" }
        var javaScript: String { directory.path + "/javascript" }
        var nodeModules: String { directory.path + "/nodejs" }
        var sources: IDEAssetServer.Sources {
            IDEAssetServer.Sources(ownAssets: own, javaScriptDirectory: javaScript, nodeModulesDirectory: nodeModules)
        }

        init(debian: Bool = true) throws {
            directory = try TemporaryDirectory(prefix: "swiftpod-ide-assets")
            try write("own/index.html", "<html><script src=\"{{assets}}/ide.js\"></script>{{notice}}</html>")
            try write("own/ide.js", "console.log('ide');")
            try write("own/ide.css", "body { color: red; }")
            try write("own/icons/logo.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>")
            try write("own/fonts/mono.woff2", "wOF2")
            try write("own/icon.png", "\u{89}PNG")
            try write("own/notes.txt", "not served")
            try write("secret.js", "the secret")
            try FileManager.default.createSymbolicLink(atPath: own + "/escape.js", withDestinationPath: "../secret.js")
            try FileManager.default.createSymbolicLink(atPath: own + "/alias.js", withDestinationPath: "ide.js")
            guard debian else { return }
            try write("javascript/codemirror/lib/codemirror.js", "window.CodeMirror = function () {};")
            try write("javascript/codemirror/mode/go/go.js", "CodeMirror.defineMode('go');")
            try write("javascript/xterm/xterm.css", ".xterm {}")
            try write("javascript/xterm/addons/fit/fit.js", "exports.fit = function () {};")
            try write("nodejs/xterm/lib/public/Terminal.js", "exports.Terminal = require('../Terminal');")
            try write("nodejs/xterm/lib/Terminal.js", "exports.Terminal = 1;")
            try write("nodejs/xterm/lib/Terminal.test.js", "require('chai');")
        }

        func write(_ relative: String, _ text: String) throws {
            let url = URL(fileURLWithPath: directory.path + "/" + relative)
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
    }

    /// A server over a fresh asset tree, read while the tree exists.
    static func server(debian: Bool = true) throws -> IDEAssetServer {
        let tree = try AssetTree(debian: debian)
        return try withExtendedLifetime(tree) { try IDEAssetServer(sources: tree.sources) }
    }

    static func get(_ server: IDEAssetServer, _ target: String, method: HTTPMethod = .get) -> HTTPResponse? {
        server.response(
            to: HTTPRequest(head: HTTPRequestHead(method: method, target: target), body: .empty), policy: policy)
    }

    static func body(_ response: HTTPResponse?) -> String {
        guard case .bytes(let bytes) = response?.body else { return "" }
        return String(decoding: bytes.readableView, as: UTF8.self)
    }

    @Test func thePageNamesTheVersionedAssetsAndIsNeverCached() throws {
        let server = try Self.server()
        #expect(server.missing.isEmpty)
        let page = try #require(Self.get(server, "/?folder=src"))
        #expect(page.status == .ok)
        #expect(page.headers["Content-Type"] == "text/html; charset=utf-8")
        #expect(page.headers["Cache-Control"] == "no-store")
        #expect(Self.body(page) == "<html><script src=\"/_ide/\(server.version)/ide.js\"></script></html>")
        let policy = try #require(page.headers["Content-Security-Policy"])
        #expect(policy.contains("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'"))
        #expect(policy.contains("connect-src 'self' ws://wsone.localhost:8080"))
        #expect(policy.contains("frame-src http://*.localhost:8080"))
        #expect(Self.get(server, "/", method: .head)?.status == .ok)
    }

    @Test(arguments: [
        ("ide.js", "text/javascript; charset=utf-8"), ("ide.css", "text/css; charset=utf-8"),
        ("icons/logo.svg", "image/svg+xml"), ("fonts/mono.woff2", "font/woff2"), ("icon.png", "image/png"),
        ("lib/codemirror/lib/codemirror.js", "text/javascript; charset=utf-8"),
        ("lib/codemirror/mode/go/go.js", "text/javascript; charset=utf-8"),
        ("lib/xterm/xterm.css", "text/css; charset=utf-8"), ("alias.js", "text/javascript; charset=utf-8"),
    ])
    func versionedFilesAreImmutableWithTheirType(path: String, type: String) throws {
        let server = try Self.server()
        let response = try #require(Self.get(server, "/_ide/\(server.version)/\(path)"))
        #expect(response.status == .ok)
        #expect(response.headers["Content-Type"] == type)
        #expect(response.headers["Cache-Control"] == "public, max-age=31536000, immutable")
        #expect(response.headers["X-Content-Type-Options"] == "nosniff")
    }

    @Test func xtermIsJoinedIntoBrowserScripts() throws {
        let server = try Self.server()
        let terminal = Self.body(Self.get(server, "/_ide/\(server.version)/lib/xterm/xterm.js"))
        #expect(terminal.contains("definitions[\"public/Terminal\"]"))
        #expect(terminal.contains("definitions[\"Terminal\"]"))
        #expect(!terminal.contains("chai"))
        #expect(terminal.contains("window[\"Terminal\"] = load(\"public/Terminal\")[\"Terminal\"];"))
        let fit = Self.body(Self.get(server, "/_ide/\(server.version)/lib/xterm/addons/fit/fit.js"))
        #expect(fit.contains("window[\"fit\"] = load(\"fit\");"))
    }

    @Test(arguments: [
        "../secret.js", "%2e%2e/secret.js", "%2E%2E/secret.js", "..%2fsecret.js",
        "lib/codemirror/%2e%2e/%2e%2e/secret.js",
        "escape.js", "notes.txt", "nothing.js", "", "lib", "./ide.js", "ide.js%00", "%2fide.js", "fonts//mono.woff2",
        "..%5csecret.js",
    ])
    func nothingOutsideTheAssetsIsServed(path: String) throws {
        let server = try Self.server()
        let response = try #require(Self.get(server, "/_ide/\(server.version)/\(path)"))
        #expect(response.status == .notFound)
        #expect(!Self.body(response).contains("the secret"))
    }

    @Test func anotherVersionIsNotFoundAndOtherPathsAreNotTheServers() throws {
        let server = try Self.server()
        #expect(Self.get(server, "/_ide/0000000000000000/ide.js")?.status == .notFound)
        #expect(Self.get(server, "/_ide/ide.js")?.status == .notFound)
        #expect(Self.get(server, "/status") == nil)
        #expect(Self.get(server, "/files/list") == nil)
        #expect(Self.get(server, "/", method: .post) == nil)
        #expect(Self.get(server, "/_ide/\(server.version)/ide.js", method: .put) == nil)
    }

    @Test func theVersionChangesWhenAFileChanges() throws {
        let tree = try AssetTree()
        try withExtendedLifetime(tree) {
            let before = try IDEAssetServer(sources: tree.sources).version
            #expect(try IDEAssetServer(sources: tree.sources).version == before)
            try tree.write("own/ide.js", "console.log('ide, changed');")
            let after = try IDEAssetServer(sources: tree.sources).version
            #expect(after != before)
            try tree.write("javascript/codemirror/mode/go/go.js", "CodeMirror.defineMode('go', 2);")
            #expect(try IDEAssetServer(sources: tree.sources).version != after)
        }
    }

    @Test func withoutDebiansLibrariesThePageSaysWhatToInstall() throws {
        let server = try Self.server(debian: false)
        #expect(server.missing.count == 2)
        let page = Self.body(Self.get(server, "/"))
        #expect(page.contains("id=\"missing-assets\""))
        #expect(page.contains("apt-get install libjs-codemirror"))
        #expect(page.contains("apt-get install libjs-xterm node-xterm"))
    }

    @Test func withoutItsOwnFilesTheServerDoesNotStart() throws {
        let tree = try AssetTree()
        withExtendedLifetime(tree) {
            let sources = IDEAssetServer.Sources(ownAssets: tree.directory.path + "/none")
            #expect(throws: IDEAssetsError.self) { try IDEAssetServer(sources: sources) }
        }
    }

    @Test func theModuleCarriesTheIDEsOwnFiles() throws {
        let directory = try #require(IDEAssetServer.bundledAssetsDirectory)
        let server = try IDEAssetServer(sources: IDEAssetServer.Sources(ownAssets: directory))
        for file in [
            "ide.js", "api.js", "files.js", "modes.js", "editor.js", "terminals.js", "ports.js", "ide.css",
        ] {
            #expect(server.catalog.assets[file] != nil, "\(file)")
            #expect(Self.body(Self.get(server, "/")).contains("/_ide/\(server.version)/\(file)"), "\(file)")
        }
    }
}
