/// Joins CommonJS modules (`require`, `module.exports`) into one script that browsers run with a plain `<script>`
/// tag and that sets a global to the entry module's exports.
///
/// Debian ships xterm.js as CommonJS modules (`node-xterm`) and its browser build (`libjs-xterm`) as a stub that
/// only `require`s them, so the server joins them once at start, as a bundler would at build time. A UMD script
/// (one that picks CommonJS when `module` exists) works as a module too.
public enum CommonJSBundle {
    /// A script defining every module in `modules` and assigning `window[globalName]` the exports of `entry`.
    /// - Parameters:
    ///   - modules: module sources by ID: their path relative to the package's root, without `.js`.
    ///   - entry: the ID of the module whose exports become the global.
    ///   - globalName: the global to set, such as `Terminal`.
    ///   - exportName: the one export of `entry` to set it to; nil for all of its exports.
    public static func script(
        modules: [String: String], entry: String, globalName: String, exportName: String? = nil
    ) -> String {
        var script = "// Built by Swiftpod from CommonJS modules; the global '\(globalName)' is '\(entry)'.\n"
        script += "(function () {\nvar definitions = {};\n"
        for id in modules.keys.sorted() {
            script += "definitions[\(quoted(id))] = function (require, module, exports) {\n"
            script += modules[id] ?? ""
            script += "\n};\n"
        }
        script += runtime
        let exported = "load(\(quoted(entry)))" + (exportName.map { "[\(quoted($0))]" } ?? "")
        script += "window[\(quoted(globalName))] = \(exported);\n})();\n"
        return script
    }

    /// `require` with relative IDs (`./x`, `../y/z`), resolved against the requiring module, `.js` optional.
    static let runtime = """
        var cache = {};
        function resolve(from, name) {
          if (name.charAt(0) !== ".") { return name.replace(/\\.js$/, ""); }
          var parts = from.split("/");
          parts.pop();
          name.replace(/\\.js$/, "").split("/").forEach(function (part) {
            if (part === "..") { parts.pop(); } else if (part !== ".") { parts.push(part); }
          });
          var id = parts.join("/");
          return definitions[id] || !definitions[id + "/index"] ? id : id + "/index";
        }
        function load(id) {
          if (cache[id]) { return cache[id].exports; }
          var definition = definitions[id];
          if (!definition) { throw new Error("module '" + id + "' is not in this bundle"); }
          var module = { exports: {} };
          cache[id] = module;
          definition.call(module.exports, function (name) { return load(resolve(id, name)); }, module, module.exports);
          return module.exports;
        }

        """

    /// `text` as a JavaScript string literal.
    static func quoted(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "<": result += "\\u003c"
            default:
                if scalar.value < 0x20 || scalar.value == 0x2028 || scalar.value == 0x2029 {
                    let hex = String(scalar.value, radix: 16)
                    result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result + "\""
    }
}
