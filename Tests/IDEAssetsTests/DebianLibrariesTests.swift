import Foundation
import IDEAssets
import TestSupport
import Testing

/// Debian's xterm.js and CodeMirror as the IDE serves them, where the packages are installed (`scripts/setup`
/// installs them) and Node.js is there to load the scripts.
@Suite(.enabled(if: DebianLibraries.installed)) struct DebianLibrariesTests {
    @Test func theTerminalScriptsSetTheirGlobalsWhenLoaded() async throws {
        let own = try #require(IDEAssetServer.bundledAssetsDirectory)
        let server = try IDEAssetServer(sources: IDEAssetServer.Sources(ownAssets: own))
        #expect(server.missing.isEmpty)
        let directory = try TemporaryDirectory(prefix: "swiftpod-ide-xterm")
        for (name, path) in [("xterm.js", "lib/xterm/xterm.js"), ("fit.js", "lib/xterm/addons/fit/fit.js")] {
            let asset = try #require(server.catalog.assets[path])
            try Data(asset.bytes).write(to: URL(fileURLWithPath: directory.path + "/" + name))
        }
        // As a page's script tags would: in order, with `window` the global object.
        let check = """
            global.window = global;
            require("./xterm.js");
            require("./fit.js");
            if (typeof window.Terminal !== "function") throw new Error("Terminal is " + typeof window.Terminal);
            window.Terminal.applyAddon(window.fit);
            if (typeof window.Terminal.prototype.fit !== "function") throw new Error("the fit addon did not apply");
            console.log("ok");
            """
        try Data(check.utf8).write(to: URL(fileURLWithPath: directory.path + "/check.js"))
        let result = try await runProcess("/usr/bin/node", [directory.path + "/check.js"])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput == "ok\n")
    }

    @Test func codeMirrorsLibraryModesAndThemesAreServed() throws {
        let own = try #require(IDEAssetServer.bundledAssetsDirectory)
        let server = try IDEAssetServer(sources: IDEAssetServer.Sources(ownAssets: own))
        for path in [
            "lib/codemirror/lib/codemirror.js", "lib/codemirror/lib/codemirror.css",
            "lib/codemirror/mode/javascript/javascript.js", "lib/codemirror/mode/swift/swift.js",
            "lib/codemirror/theme/material-darker.css", "lib/codemirror/addon/mode/simple.js", "lib/xterm/xterm.css",
        ] {
            #expect(server.catalog.assets[path] != nil, "\(path)")
        }
    }
}

/// Whether Debian's packages and Node.js are on this machine.
enum DebianLibraries {
    static let installed =
        FileManager.default.fileExists(atPath: "/usr/share/nodejs/xterm/lib/public/Terminal.js")
        && FileManager.default.fileExists(atPath: "/usr/share/javascript/codemirror/lib/codemirror.js")
        && FileManager.default.isExecutableFile(atPath: "/usr/bin/node")
}
