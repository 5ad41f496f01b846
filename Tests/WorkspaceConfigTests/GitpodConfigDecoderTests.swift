import Testing
import WorkspaceConfig

@Suite struct GitpodConfigDecoderTests {
    /// Decodes a valid file and returns its configuration and warnings.
    private func decodeValid(_ text: String) throws -> (WorkspaceConfiguration, [String]) {
        let (configuration, diagnostics) = GitpodConfigDecoder.decode(text, file: ".gitpod.yml")
        #expect(diagnostics.allSatisfy { $0.severity == .warning }, "\(diagnostics)")
        return (try #require(configuration), diagnostics.map(\.description))
    }

    /// Decodes an invalid file and returns its diagnostics, one line each.
    private func problems(_ text: String) -> [String] {
        let (configuration, diagnostics) = GitpodConfigDecoder.decode(text, file: ".gitpod.yml")
        #expect(configuration == nil)
        return diagnostics.map(\.description)
    }

    @Test(arguments: ["", "# nothing yet\n", "---\n", "~\n"])
    func emptyFileIsTheDefaultConfiguration(text: String) throws {
        let (configuration, warnings) = try decodeValid(text)
        #expect(configuration == WorkspaceConfiguration())
        #expect(warnings.isEmpty)
    }

    @Test func everySchemaProperty() throws {
        let (configuration, warnings) = try decodeValid(
            """
            image:
              file: .gitpod.Dockerfile
              context: docker
            tasks:
              - name: app
                before: source env.sh
                init: npm ci
                command: npm start
                env:
                  PORT: 3000
                  DEBUG: true
                openIn: main
                openMode: split-right
                prebuild: npm run build
            ports:
              - port: 3000
                onOpen: open-browser
                visibility: public
                name: Web
                description: the app
                protocol: https
              - port: 9000-9010
              - port: "8080"
            env:
              NODE_ENV: development
            additionalRepositories:
              - url: https://github.com/acme/api
                checkoutLocation: api
            mainConfiguration: https://github.com/acme/main
            checkoutLocation: app
            workspaceLocation: app/app.code-workspace
            gitConfig:
              core.autocrlf: input
            vscode:
              extensions: [golang.go, "esbenp.prettier-vscode@4.7.0"]
            jetbrains:
              plugins: [com.haulmont.jpab]
              goland:
                plugins: [org.toml.lang]
                prebuilds:
                  version: both
                vmoptions: -Xmx4g
              rustrover:
            github:
              prebuilds:
                master: true
                branches: false
                pullRequests: true
                pullRequestsFromForks: false
                addBadge: true
                addComment: false
                addCheck: prevent-merge-on-error
                addLabel: prebuilt-in-gitpod
            coreDump:
              enabled: true
              softLimit: 1024
              hardLimit: 2048.5
            experimentalNetwork: true
            """)
        #expect(configuration.image == .file(".gitpod.Dockerfile", context: "docker"))
        var task = WorkspaceTask(
            name: "app", before: "source env.sh", initialization: "npm ci", command: "npm start",
            env: ["PORT": "3000", "DEBUG": "true"])
        task.openIn = .main
        task.openMode = .splitRight
        task.prebuild = "npm run build"
        #expect(configuration.tasks == [task])
        var web = PortConfiguration(.single(3000))
        web.onOpen = .openBrowser
        web.visibility = .public
        web.name = "Web"
        web.description = "the app"
        web.protocol = .https
        #expect(configuration.ports == [web, PortConfiguration(.range(9000...9010)), PortConfiguration(.single(8080))])
        #expect(configuration.env == ["NODE_ENV": "development"])
        #expect(
            configuration.additionalRepositories == [
                AdditionalRepository(url: "https://github.com/acme/api", checkoutLocation: "api")
            ])
        #expect(configuration.mainConfiguration == "https://github.com/acme/main")
        #expect(configuration.checkoutLocation == "app")
        #expect(configuration.workspaceLocation == "app/app.code-workspace")
        #expect(configuration.gitConfig == ["core.autocrlf": "input"])
        #expect(configuration.vscode?.extensions == ["golang.go", "esbenp.prettier-vscode@4.7.0"])
        let jetbrains = try #require(configuration.jetbrains)
        #expect(jetbrains.plugins == ["com.haulmont.jpab"])
        var goland = ProductConfiguration()
        goland.plugins = ["org.toml.lang"]
        goland.prebuildsVersion = .both
        goland.vmoptions = "-Xmx4g"
        #expect(jetbrains.products == [.goland: goland, .rustrover: ProductConfiguration()])
        let prebuilds = try #require(configuration.github?.prebuilds)
        #expect(prebuilds.master == true)
        #expect(prebuilds.branches == false)
        #expect(prebuilds.pullRequests == true)
        #expect(prebuilds.pullRequestsFromForks == false)
        #expect(prebuilds.addBadge == true)
        #expect(prebuilds.addComment == false)
        #expect(prebuilds.addCheck == "prevent-merge-on-error")
        #expect(prebuilds.addLabel == "prebuilt-in-gitpod")
        #expect(configuration.coreDump?.enabled == true)
        #expect(configuration.coreDump?.softLimit == 1024)
        #expect(configuration.coreDump?.hardLimit == 2048.5)
        #expect(configuration.experimentalNetwork == true)
        #expect(
            warnings == [
                ".gitpod.yml:14:5: warning: 'prebuild' in tasks[0] is deprecated: use 'init' instead",
                ".gitpod.yml:44:1: warning: 'github' is deprecated: configure prebuilds in the project settings instead",
                ".gitpod.yml:54:1: warning: 'coreDump' is experimental and may change",
                ".gitpod.yml:58:1: warning: 'experimentalNetwork' is deprecated and has no effect",
            ])
    }

    @Test func imageByName() throws {
        #expect(try decodeValid("image: gitpod/workspace-full:2024\n").0.image == .name("gitpod/workspace-full:2024"))
        #expect(try decodeValid("image:\n  file: Dockerfile\n").0.image == .file("Dockerfile", context: nil))
    }

    @Test func scalarsOfAnyPlainTypeAreStrings() throws {
        let (configuration, _) = try decodeValid(
            "tasks:\n  - command: 8080\n    name: true\nenv:\n  ENABLED: yes\n  COUNT: 3\n  RATIO: 0.5\n")
        #expect(configuration.tasks.first?.command == "8080")
        #expect(configuration.tasks.first?.name == "true")
        #expect(configuration.env == ["ENABLED": "yes", "COUNT": "3", "RATIO": "0.5"])
    }

    @Test func githubPrebuildsMayBeABoolean() throws {
        #expect(try decodeValid("github:\n  prebuilds: false\n").0.github?.prebuilds?.enabled == false)
    }

    @Test func mergeKeysAndAnchorsShareTaskSettings() throws {
        let (configuration, _) = try decodeValid(
            """
            tasks:
              - &first
                before: source .env
                openMode: split-right
                command: make run
              - <<: *first
                command: make test
            """)
        #expect(configuration.tasks.count == 2)
        #expect(configuration.tasks[1].before == "source .env")
        #expect(configuration.tasks[1].command == "make test")
        #expect(configuration.tasks[1].openMode == .splitRight)
    }

    // MARK: Errors

    @Test func unknownKeySuggestsTheClosestAndListsTheAllowed() {
        #expect(
            problems("tasks:\n  - name: a\n    comand: make\n") == [
                ".gitpod.yml:3:5: unknown key 'comand' in tasks[0]; did you mean 'command'? allowed: name, before, init, "
                    + "command, env, openIn, openMode, prebuild"
            ])
        #expect(
            problems("imag: x\n").first?.hasPrefix(
                ".gitpod.yml:1:1: unknown key 'imag' in the top level; "
                    + "did you mean 'image'? allowed: image, tasks, ports,") == true)
        #expect(
            problems("vscode:\n  plugins: []\n") == [
                ".gitpod.yml:2:3: unknown key 'plugins' in vscode; allowed: extensions"
            ])
    }

    @Test func typeErrorsNameWhatWasFound() {
        #expect(problems("tasks:\n  command: make\n") == [".gitpod.yml:2:3: tasks must be a sequence, not a mapping"])
        #expect(
            problems("tasks:\n  - command: [make, run]\n") == [
                ".gitpod.yml:2:14: tasks[0].command must be a string, not a sequence"
            ])
        #expect(
            problems("ports:\n  - 3000\n") == [".gitpod.yml:2:5: ports[0] must be a mapping, not a number ('3000')"])
        #expect(
            problems("experimentalNetwork: maybe\n") == [
                ".gitpod.yml:1:1: warning: 'experimentalNetwork' is deprecated and has no effect",
                ".gitpod.yml:1:22: experimentalNetwork must be a boolean (true or false), not a string ('maybe')",
            ])
        #expect(
            problems("coreDump:\n  softLimit: lots\n") == [
                ".gitpod.yml:1:1: warning: 'coreDump' is experimental and may change",
                ".gitpod.yml:2:14: coreDump.softLimit must be a number, not a string ('lots')",
            ])
        #expect(problems("- a\n") == [".gitpod.yml:1:1: the configuration must be a mapping, not a sequence"])
        #expect(
            problems("image: [a]\n") == [
                ".gitpod.yml:1:8: image must be an image name or a mapping with 'file', not a sequence"
            ])
        #expect(problems("env:\n  A: {b: c}\n") == [".gitpod.yml:2:6: env.A must be a string, not a mapping"])
        #expect(
            problems("github:\n  prebuilds: [master]\n") == [
                ".gitpod.yml:1:1: warning: 'github' is deprecated: configure prebuilds in the project settings instead",
                ".gitpod.yml:2:14: github.prebuilds must be a boolean or a mapping, not a sequence",
            ])
    }

    @Test func valuesOutsideAnEnumeration() {
        #expect(
            problems("ports:\n  - port: 3000\n    onOpen: open-browsr\n") == [
                ".gitpod.yml:3:13: invalid value 'open-browsr' for ports[0].onOpen; did you mean 'open-browser'? "
                    + "allowed: open-browser, open-preview, notify, ignore, ignore-completely"
            ])
        #expect(
            problems("ports:\n  - port: 3000\n    visibility: team\n    protocol: ftp\n") == [
                ".gitpod.yml:3:17: invalid value 'team' for ports[0].visibility; allowed: private, public",
                ".gitpod.yml:4:15: invalid value 'ftp' for ports[0].protocol; allowed: http, https",
            ])
        #expect(
            problems("tasks:\n  - openIn: top\n    openMode: split\n") == [
                ".gitpod.yml:2:13: invalid value 'top' for tasks[0].openIn; allowed: bottom, main, left, right",
                ".gitpod.yml:3:15: invalid value 'split' for tasks[0].openMode; allowed: split-left, split-right, "
                    + "tab-before, tab-after",
            ])
        #expect(
            problems("jetbrains:\n  pycharm:\n    prebuilds:\n      version: beta\n") == [
                ".gitpod.yml:4:16: invalid value 'beta' for jetbrains.pycharm.prebuilds.version; allowed: stable, "
                    + "latest, both"
            ])
        #expect(
            problems("github:\n  prebuilds:\n    addCheck: always\n").last
                == (".gitpod.yml:3:15: invalid value for github.prebuilds.addCheck; allowed: true, false, "
                    + "prevent-merge-on-error"))
    }

    @Test(arguments: [
        ("3000-", "3000-"), ("4000-3000", "4000-3000"), ("0", "0"), ("70000", "70000"), ("http", "http"),
        ("3000-3999-4000", "3000-3999-4000"), ("-1", "-1"),
    ])
    func malformedPorts(port: String, shown: String) {
        #expect(
            problems("ports:\n  - port: \(port)\n") == [
                ".gitpod.yml:2:11: invalid port '\(shown)' in ports[0]; expected a number from 1 to 65535 or a range "
                    + "such as 3000-3999"
            ])
    }

    @Test(arguments: [("3000:3999", 3000...3999), ("1-65535", 1...65535), ("\"5000-5001\"", 5000...5001)])
    func portRanges(port: String, range: ClosedRange<Int>) throws {
        #expect(try decodeValid("ports:\n  - port: \(port)\n").0.ports == [PortConfiguration(.range(range))])
    }

    @Test func missingRequiredKeys() {
        #expect(
            problems("ports:\n  - onOpen: ignore\n") == [
                ".gitpod.yml:2:5: ports[0] needs 'port': a number such as 3000 or a range such as 3000-3999"
            ])
        #expect(
            problems("image:\n  context: .\n") == [
                ".gitpod.yml:2:3: image needs 'file': the Dockerfile's path, relative to the repository"
            ])
        #expect(
            problems("additionalRepositories:\n  - checkoutLocation: x\n") == [
                ".gitpod.yml:2:5: additionalRepositories[0] needs 'url': the repository to clone"
            ])
    }

    @Test func duplicateKeysAreErrors() {
        #expect(
            problems("image: a\nimage: b\n") == [
                ".gitpod.yml:2:1: duplicate key 'image' in the top level (first at 1:1)"
            ])
    }

    @Test func yamlSyntaxErrorsCarryLibyamlsWords() {
        #expect(
            problems("tasks:\n  - init: echo\n   command: x\n") == [
                ".gitpod.yml:3:4: did not find expected '-' indicator (while parsing a block collection)"
            ])
    }

    @Test func everyProblemIsReportedInFileOrder() {
        let found = problems(
            """
            tasks:
              - comand: a
                openMode: wide
            ports:
              - port: abc
            colour: blue
            """)
        #expect(
            found.map { $0.split(separator: ":").prefix(3).joined(separator: ":") } == [
                ".gitpod.yml:2:5", ".gitpod.yml:3:15", ".gitpod.yml:5:11", ".gitpod.yml:6:1",
            ])
    }

    @Test func unknownPrebuildSettingsAreWarnings() throws {
        let (_, warnings) = try decodeValid("github:\n  prebuilds:\n    addComents: true\n")
        #expect(
            warnings.last == ".gitpod.yml:3:5: warning: unknown key 'addComents' in github.prebuilds; "
                + "did you mean 'addComment'? allowed: master, branches, pullRequests, pullRequestsFromForks, addBadge, "
                + "addCheck, addLabel, addComment; it is ignored")
    }
}
