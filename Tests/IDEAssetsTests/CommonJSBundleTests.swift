import Foundation
import IDEAssets
import TestSupport
import Testing

/// The browser script made of CommonJS modules.
@Suite struct CommonJSBundleTests {
    @Test func everyModuleIsDefinedAndTheEntryBecomesTheGlobal() {
        let script = CommonJSBundle.script(
            modules: ["public/Terminal": "module.exports = require('../Terminal').Terminal;", "Terminal": "x"],
            entry: "public/Terminal", globalName: "Terminal")
        #expect(script.contains("definitions[\"public/Terminal\"] = function (require, module, exports) {"))
        #expect(script.contains("definitions[\"Terminal\"]"))
        #expect(script.hasSuffix("window[\"Terminal\"] = load(\"public/Terminal\");\n})();\n"))
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/node")))
    func relativeRequiresResolveOnceEach() async throws {
        let script = CommonJSBundle.script(
            modules: [
                "a/main": """
                var b = require("../b/index.js"); var c = require("./c"); var d = require("../d");
                exports.value = b.count + c.count + d.name + (require("./c") === c);
                """,
                "a/c": "exports.count = 2;",
                "b/index": "exports.count = 1; // a comment on the last line",
                "d/index": "module.exports = { name: '</script>' };",
            ], entry: "a/main", globalName: "checked", exportName: "value")
        let directory = try TemporaryDirectory(prefix: "swiftpod-commonjs")
        try Data(("global.window = global;\n" + script + "console.log(window.checked);\n").utf8)
            .write(to: URL(fileURLWithPath: directory.path + "/bundle.js"))
        let result = try await runProcess("/usr/bin/node", [directory.path + "/bundle.js"])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput == "3</script>true\n")
    }
}
