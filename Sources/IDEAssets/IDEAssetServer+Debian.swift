import Foundation

// Debian's CodeMirror is served as it is; its xterm.js is joined into browser scripts (`CommonJSBundle`).

extension IDEAssetServer {
    /// Adds `lib/codemirror/…`; false when CodeMirror is not there.
    static func addCodeMirror(to catalog: inout AssetCatalog, sources: Sources) -> Bool {
        let directory = sources.javaScriptDirectory + "/codemirror"
        return catalog.addDirectory(directory, prefix: "lib/codemirror/")
            && catalog.assets["lib/codemirror/lib/codemirror.js"] != nil
    }

    /// Adds `lib/xterm/xterm.js` (setting `Terminal`), `lib/xterm/xterm.css` and `lib/xterm/addons/fit/fit.js`
    /// (setting `fit`); false when xterm.js is not there.
    static func addXterm(to catalog: inout AssetCatalog, sources: Sources) -> Bool {
        let browser = sources.javaScriptDirectory + "/xterm"
        let modules = sources.nodeModulesDirectory + "/xterm/lib"
        var terminal: String?
        if FileManager.default.fileExists(atPath: modules + "/public/Terminal.js") {
            let sources = moduleSources(under: modules)
            terminal = CommonJSBundle.script(
                modules: sources, entry: "public/Terminal", globalName: "Terminal", exportName: "Terminal")
        } else if let script = text(browser + "/xterm.js", confinedTo: browser), !script.contains("require(\"./") {
            terminal = CommonJSBundle.script(modules: ["xterm": script], entry: "xterm", globalName: "Terminal")
        }
        let css = text(browser + "/xterm.css", confinedTo: browser) ?? text(modules + "/xterm.css", confinedTo: modules)
        guard let terminal, let css else { return false }
        catalog.add("lib/xterm/xterm.js", bytes: Array(terminal.utf8))
        catalog.add("lib/xterm/xterm.css", bytes: Array(css.utf8))
        if let fit = text(browser + "/addons/fit/fit.js", confinedTo: browser) {
            let script = CommonJSBundle.script(modules: ["fit": fit], entry: "fit", globalName: "fit")
            catalog.add("lib/xterm/addons/fit/fit.js", bytes: Array(script.utf8))
        }
        return true
    }

    /// The `.js` modules under `root` by ID, tests and addons left out.
    static func moduleSources(under root: String) -> [String: String] {
        guard let realRoot = AssetCatalog.realPath(root) else { return [:] }
        var modules: [String: String] = [:]
        for relative in AssetCatalog.files(under: realRoot, skipping: ["addons"])
        where relative.hasSuffix(".js") && !relative.hasSuffix(".test.js") {
            guard let source = text(realRoot + "/" + relative, confinedTo: realRoot) else { continue }
            modules[String(relative.dropLast(3))] = source
        }
        return modules
    }

    static func text(_ path: String, confinedTo directory: String) -> String? {
        guard let root = AssetCatalog.realPath(directory),
            let bytes = AssetCatalog.read(path, confinedTo: root)
        else { return nil }
        return String(decoding: bytes, as: UTF8.self)
    }
}
