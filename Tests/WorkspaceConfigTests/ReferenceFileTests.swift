import Foundation
import Testing
import WorkspaceConfig

/// Real configuration files from public repositories, in Tests/Fixtures/reference; see
/// SOURCES.tsv there for where each comes from. Each test checks facts read off the file by hand.
@Suite struct ReferenceFileTests {
    static let reference = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().appendingPathComponent("../Fixtures/reference").standardized

    /// `file` → the path it had in its repository, from SOURCES.tsv.
    static func sources(_ folder: String) throws -> [String: String] {
        let text = try String(contentsOf: reference.appendingPathComponent("\(folder)/SOURCES.tsv"), encoding: .utf8)
        var paths: [String: String] = [:]
        for line in text.split(separator: "\n").dropFirst() {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            paths[String(fields[0])] = String(fields[3])
        }
        return paths
    }

    static func gitpod(_ name: String) throws -> (WorkspaceConfiguration?, [String]) {
        let text = try String(contentsOf: reference.appendingPathComponent("gitpod-yml/\(name)"), encoding: .utf8)
        let (configuration, diagnostics) = GitpodConfigDecoder.decode(text, file: name)
        return (configuration, diagnostics.map(\.description))
    }

    static func valid(_ name: String) throws -> WorkspaceConfiguration {
        let (configuration, diagnostics) = try gitpod(name)
        #expect(diagnostics.allSatisfy { $0.contains(": warning: ") }, "\(diagnostics)")
        return try #require(configuration)
    }

    static func devcontainer(_ name: String) throws -> (WorkspaceConfiguration, [String]) {
        let text = try String(contentsOf: reference.appendingPathComponent("devcontainer/\(name)"), encoding: .utf8)
        let path = try #require(try sources("devcontainer")[name])
        let folder = (path as NSString).deletingLastPathComponent
        let (configuration, diagnostics) = DevcontainerDecoder.decode(text, file: name, devcontainerFolder: folder)
        #expect(diagnostics.allSatisfy { $0.severity == .warning }, "\(diagnostics)")
        return (try #require(configuration), diagnostics.map(\.message))
    }

    static let gitpodFiles = [
        "argoproj__argo-cd.yml", "benpetersonsbuild__gitpod-vnc-gnome.yml", "calcom__cal.com.yml",
        "couchbase-examples__aspnet-quickstart.yml", "eclipse__openvsx.yml", "firefox-devtools__profiler.yml",
        "freeCodeCamp__freeCodeCamp.yml", "gitpod-io__dazzle.yml", "gitpod-io__gitpod-test-repo.yml",
        "gitpod-io__gitpod.yml", "gitpod-io__template-jetbrains-pycharm.yml",
        "gitpod-samples__demo-tailscale-with-gitpod.yml", "gitpod-samples__spring-petclinic.yml",
        "gitpod-samples__template-php-laravel-mysql.yml", "gitpod-samples__template-ruby-on-rails-postgres.yml",
        "haskell__haskell-language-server.yml", "internetarchive__openlibrary.yml", "numpy__numpy.yml",
        "prometheus__prometheus.yml", "rust-lang__rustlings.yml",
    ]
    static let devcontainerFiles = [
        "PostHog__posthog.json", "dotnet__runtime.json", "github__codespaces-jupyter.json", "jellyfin__jellyfin.json",
        "mastodon__mastodon.json", "pandas-dev__pandas.json", "python__cpython.json", "rails__rails.json",
    ]

    @Test func everyReferenceFileHasATest() throws {
        let manager = FileManager.default
        let gitpod = try manager.contentsOfDirectory(atPath: Self.reference.appendingPathComponent("gitpod-yml").path)
        let devcontainer = try manager.contentsOfDirectory(
            atPath: Self.reference.appendingPathComponent("devcontainer").path)
        #expect(Set(gitpod).subtracting(["SOURCES.tsv"]) == Set(Self.gitpodFiles))
        #expect(Set(devcontainer).subtracting(["SOURCES.tsv"]) == Set(Self.devcontainerFiles))
        #expect(Set(try Self.sources("gitpod-yml").keys) == Set(Self.gitpodFiles))
        #expect(Set(try Self.sources("devcontainer").keys) == Set(Self.devcontainerFiles))
    }

    // MARK: .gitpod.yml files

    @Test func argoCD() throws {
        let configuration = try Self.valid("argoproj__argo-cd.yml")
        #expect(configuration.image == .file(".gitpod.Dockerfile", context: nil))
        #expect(configuration.tasks.count == 1)
        #expect(configuration.tasks[0].initialization?.hasPrefix("make mod-download-local dep-ui-local") == true)
        #expect(configuration.tasks[0].command == "make start-test-k8s")
    }

    @Test func vncGnomeWritesPortsAsAMappingWhichTheSchemaRejects() throws {
        let (configuration, diagnostics) = try Self.gitpod("benpetersonsbuild__gitpod-vnc-gnome.yml")
        #expect(configuration == nil)
        #expect(diagnostics == ["benpetersonsbuild__gitpod-vnc-gnome.yml:5:3: ports must be a sequence, not a mapping"])
    }

    @Test func calcom() throws {
        let configuration = try Self.valid("calcom__cal.com.yml")
        #expect(configuration.tasks.count == 1)
        #expect(configuration.tasks[0].command == "yarn dx")
        #expect(configuration.tasks[0].initialization?.contains(#"sed -i -e "s/^NEXTAUTH_SECRET=.*/"#) == true)
    }

    @Test func couchbase() throws {
        let (configuration, diagnostics) = try Self.gitpod("couchbase-examples__aspnet-quickstart.yml")
        let config = try #require(configuration)
        #expect(config.tasks.map(\.name) == ["Start Couchbase", "Start app"])
        #expect(config.ports.count == 4)
        var range = PortConfiguration(.range(8092...10000))
        range.onOpen = .ignore
        #expect(config.ports[2] == range)
        #expect(config.vscode?.extensions == ["ms-dotnettools.csharp"])
        #expect(config.github?.prebuilds?.master == true)
        #expect(
            diagnostics == [
                "couchbase-examples__aspnet-quickstart.yml:23:1: warning: 'github' is deprecated: configure prebuilds in "
                    + "the project settings instead"
            ])
    }

    @Test func openVSX() throws {
        let configuration = try Self.valid("eclipse__openvsx.yml")
        #expect(configuration.ports.count == 8)
        var server = PortConfiguration(.single(8080))
        server.visibility = .public
        server.onOpen = .ignore
        server.name = "Server"
        server.description = "API, must be public for CORS"
        #expect(configuration.ports[1] == server)
        #expect(configuration.tasks.map(\.name) == ["Server", "WebUI", "Publisher"])
        #expect(configuration.tasks[0].initialization?.hasPrefix("# Build all components\nyarn --cwd cli\n") == true)
        #expect(configuration.vscode?.extensions.count == 5)
    }

    @Test func firefoxProfiler() throws {
        let configuration = try Self.valid("firefox-devtools__profiler.yml")
        #expect(configuration.ports == [PortConfiguration(.single(4242))])
        #expect(configuration.tasks.count == 2)
        #expect(configuration.tasks[0].before == "nvm install 18")
        #expect(configuration.tasks[1].name == nil)
        #expect(configuration.tasks[1].openMode == .splitRight)
        #expect(configuration.tasks[1].command?.contains("Firefox Profiler \u{2764} Gitpod\\n") == true)
    }

    @Test func freeCodeCamp() throws {
        let configuration = try Self.valid("freeCodeCamp__freeCodeCamp.yml")
        #expect(configuration.tasks.map(\.name) == [nil, "db", "server", "client"])
        #expect(configuration.tasks[1].before == "mkdir -p /workspace/data && (mongod --dbpath /workspace/data &)\n")
        #expect(configuration.tasks[0].before?.hasPrefix("echo '\nexport COOKIE_DOMAIN=gitpod.io\n") == true)
        #expect(configuration.tasks[3].openMode == .splitRight)
        #expect(configuration.ports.map(\.ports) == [27017, 8000, 9228, 3000, 9229].map { .single($0) })
        #expect(configuration.ports[1].onOpen == .openPreview)
        let prebuilds = try #require(configuration.github?.prebuilds)
        #expect(prebuilds.addCheck == "true")
        #expect(prebuilds.addComment == true)
        #expect(prebuilds.addLabel == "false")
        #expect(configuration.vscode?.extensions.last == "esbenp.prettier-vscode@4.7.0:kgoYSh1LwTixKtJtQWtodQ==")
    }

    @Test func dazzle() throws {
        let configuration = try Self.valid("gitpod-io__dazzle.yml")
        #expect(configuration.checkoutLocation == "dazzle")
        #expect(configuration.workspaceLocation == "dazzle")
        #expect(configuration.tasks.count == 3)
        #expect(configuration.tasks[2].openMode == .tabAfter)
        var port = PortConfiguration(.single(5000))
        port.onOpen = .ignore
        #expect(configuration.ports == [port])
        #expect(configuration.vscode?.extensions == ["golang.go"])
    }

    @Test func gitpodTestRepo() throws {
        let configuration = try Self.valid("gitpod-io__gitpod-test-repo.yml")
        #expect(configuration.image == .name("eu.gcr.io/gitpod-core-dev/dev/dev-environment:aledbf-deve.7"))
        #expect(
            configuration.additionalRepositories == [
                AdditionalRepository(url: "https://github.com/gitpod-io/website"),
                AdditionalRepository(url: "https://github.com/gitpod-io/example-typescript-starter"),
            ])
        #expect(configuration.github?.prebuilds?.pullRequestsFromForks == true)
    }

    @Test func gitpod() throws {
        let configuration = try Self.valid("gitpod-io__gitpod.yml")
        #expect(configuration.image == .name("eu.gcr.io/gitpod-core-dev/dev/dev-environment:aa-upd-docker-img.1"))
        #expect(configuration.workspaceLocation == "gitpod/gitpod-ws.code-workspace")
        #expect(configuration.checkoutLocation == "gitpod")
        #expect(configuration.ports.count == 13)
        #expect(configuration.ports[11] == PortConfiguration(.single(13444)))
        #expect(configuration.tasks.count == 6)
        #expect(configuration.tasks[5].name == "Go")
        #expect(configuration.vscode?.extensions.count == 13)
        #expect(configuration.jetbrains?.products[.goland]?.prebuildsVersion == .stable)
    }

    @Test func jetbrainsPyCharmRepeatsTopLevelKeys() throws {
        let (configuration, diagnostics) = try Self.gitpod("gitpod-io__template-jetbrains-pycharm.yml")
        #expect(configuration == nil)
        #expect(
            diagnostics == [
                "gitpod-io__template-jetbrains-pycharm.yml:1:1: warning: 'github' is deprecated: configure prebuilds in "
                    + "the project settings instead",
                "gitpod-io__template-jetbrains-pycharm.yml:15:1: duplicate key 'vscode' in the top level (first at 11:1)",
                "gitpod-io__template-jetbrains-pycharm.yml:19:1: duplicate key 'tasks' in the top level (first at 8:1)",
            ])
    }

    @Test func tailscale() throws {
        let configuration = try Self.valid("gitpod-samples__demo-tailscale-with-gitpod.yml")
        #expect(configuration.image == .file("gitpod.Dockerfile", context: nil))
        #expect(configuration.tasks.map(\.name) == ["tailscaled", "tailscale"])
        #expect(configuration.tasks[0].command == "sudo tailscaled\n")
        #expect(
            configuration.tasks[1].command?.contains("\\\n" + String(repeating: " ", count: 21) + "--authkey") == true)
        #expect(configuration.experimentalNetwork == true)
    }

    @Test func springPetclinic() throws {
        let configuration = try Self.valid("gitpod-samples__spring-petclinic.yml")
        #expect(configuration.tasks.count == 2)
        #expect(configuration.tasks[1].name == "IntellIJ indexing")
        #expect(configuration.tasks[0].command == "java -jar target/*.jar")
        #expect(configuration.ports.first?.onOpen == .openPreview)
        #expect(configuration.jetbrains?.plugins == ["com.haulmont.jpab"])
        #expect(configuration.vscode?.extensions.count == 4)
    }

    @Test func laravelMySQL() throws {
        let configuration = try Self.valid("gitpod-samples__template-php-laravel-mysql.yml")
        #expect(configuration.tasks.count == 2)
        #expect(configuration.tasks[0].initialization?.hasSuffix("gp sync-done sail-is-ready\n") == true)
        #expect(configuration.ports.map(\.name) == ["MySQL Database Port", "Node Server for Vite"])
        #expect(configuration.ports[1].visibility == .public)
        #expect(configuration.vscode?.extensions.count == 7)
    }

    @Test func railsPostgres() throws {
        let configuration = try Self.valid("gitpod-samples__template-ruby-on-rails-postgres.yml")
        #expect(configuration.ports.map(\.name) == ["Rails server", "PostgreSQL server"])
        #expect(configuration.tasks[0].initialization == "bundle install &&\nyarn install &&\nrake db:create\n")
        #expect(configuration.jetbrains?.products[.rubymine]?.prebuildsVersion == .both)
    }

    @Test func haskellLanguageServer() throws {
        let configuration = try Self.valid("haskell__haskell-language-server.yml")
        #expect(configuration.ports.isEmpty)
        #expect(configuration.tasks.count == 1)
        #expect(configuration.tasks[0].command == "cabal build --enable-tests\n")
        #expect(configuration.github?.prebuilds?.addLabel == "prebuilt-in-gitpod")
        #expect(configuration.github?.prebuilds?.branches == false)
        #expect(
            configuration.vscode?.extensions == [
                "haskell.haskell", "justusadam.language-haskell", "usernamehw.errorlens",
            ])
    }

    @Test func openLibrary() throws {
        let configuration = try Self.valid("internetarchive__openlibrary.yml")
        #expect(configuration.ports.count == 5)
        #expect(configuration.ports[0] == PortConfiguration(.single(8080)))
        #expect(configuration.tasks.map(\.name) == ["Start App"])
        #expect(configuration.tasks[0].command == "docker-compose up")
    }

    @Test func numpy() throws {
        let configuration = try Self.valid("numpy__numpy.yml")
        #expect(configuration.image == .name("thomasjpfan/numpy-gitpod"))
        #expect(configuration.tasks.count == 2)
        #expect(configuration.tasks[0].initialization == "python setup.py build_ext -i")
        #expect(configuration.tasks[1].command == #"make -C doc -e SPHINXOPTS="-j auto" html"#)
        #expect(configuration.github?.prebuilds?.branches == true)
    }

    @Test func prometheus() throws {
        let configuration = try Self.valid("prometheus__prometheus.yml")
        #expect(configuration.tasks.count == 2)
        #expect(configuration.tasks[0].initialization == "make build")
        #expect(configuration.ports.map(\.onOpen) == [.openPreview, .ignore])
    }

    @Test func rustlingsIsNotValidYAML() throws {
        let (configuration, diagnostics) = try Self.gitpod("rust-lang__rustlings.yml")
        #expect(configuration == nil)
        #expect(
            diagnostics == [
                "rust-lang__rustlings.yml:2:44: did not find expected alphabetic or numeric character "
                    + "(while scanning an anchor)"
            ])
    }

    // MARK: devcontainer.json files

    @Test func postHog() throws {
        let (configuration, warnings) = try Self.devcontainer("PostHog__posthog.json")
        #expect(configuration.image == .file(".devcontainer/Dockerfile", context: "."))
        #expect(configuration.ports.count == 9)
        #expect(configuration.ports.first == PortConfiguration(.single(8000)))
        #expect(configuration.env.count == 9)
        #expect(configuration.env["KAFKA_HOSTS"] == "kafka:9092")
        #expect(configuration.remoteUser == "vscode")
        #expect(configuration.workspaceLocation == "posthog")
        #expect(configuration.vscode?.extensions.count == 13)
        #expect(warnings.contains("'mounts' is not supported yet and is ignored"))
        #expect(warnings.contains("'runArgs' is not supported yet and is ignored"))
        #expect(warnings.contains("'build.cacheFrom' is not supported yet and is ignored"))
    }

    @Test func dotnetRuntime() throws {
        let (configuration, warnings) = try Self.devcontainer("dotnet__runtime.json")
        #expect(configuration.image == .file(".devcontainer/Dockerfile", context: ".devcontainer"))
        #expect(
            configuration.tasks.first?.initialization == """
                ${containerWorkspaceFolder}/.devcontainer/scripts/onCreateCommand.sh
                ${containerWorkspaceFolder}/.devcontainer/scripts/postCreateCommand.sh
                """)
        #expect(configuration.env["DOTNET_MULTILEVEL_LOOKUP"] == "0")
        #expect(configuration.vscode?.extensions == ["ms-dotnettools.csharp"])
        #expect(configuration.imageBuildArguments == ["VARIANT": "5.0"])
        #expect(!warnings.contains { $0.contains("build.args") })
        let image = configuration.jsonObject["image"] as? [String: Any]
        #expect(image?["args"] as? [String: String] == ["VARIANT": "5.0"])
        #expect(
            warnings.contains(
                "the devcontainer variable '${containerEnv:PATH}' is not substituted yet and is passed on as written"))
    }

    @Test func codespacesJupyter() throws {
        let (configuration, warnings) = try Self.devcontainer("github__codespaces-jupyter.json")
        #expect(configuration.image == nil)
        #expect(configuration.tasks.first?.initialization == "python3 -m pip install -r requirements.txt")
        #expect(configuration.vscode?.extensions == ["ms-toolsai.jupyter", "ms-python.python"])
        #expect(
            warnings == [
                "'hostRequirements' is not supported yet and is ignored",
                "'customizations.codespaces' is for another tool and is ignored",
            ])
    }

    @Test func jellyfin() throws {
        let (configuration, warnings) = try Self.devcontainer("jellyfin__jellyfin.json")
        #expect(configuration.image == .name("mcr.microsoft.com/devcontainers/dotnet:8.0-bookworm"))
        let task = try #require(configuration.tasks.first)
        #expect(task.initialization == nil)
        #expect(task.command?.split(separator: "\n").count == 2)
        #expect(task.command?.contains(#"sudo bash "./.devcontainer/install-ffmpeg.sh""#) == true)
        #expect(
            warnings == [
                "'features' is not supported yet and is ignored",
                "'hostRequirements' is not supported yet and is ignored",
            ])
    }

    @Test func mastodon() throws {
        let (configuration, warnings) = try Self.devcontainer("mastodon__mastodon.json")
        #expect(configuration.ports.map(\.name) == ["web", "stream"])
        #expect(configuration.ports.map(\.onOpen) == [.notify, .ignore])
        #expect(configuration.workspaceLocation == nil)
        #expect(configuration.vscode?.extensions == ["EditorConfig.EditorConfig", "webben.browserslist"])
        #expect(warnings.contains("'dockerComposeFile' is not supported yet and is ignored"))
        #expect(warnings.contains("'otherPortsAttributes' is not supported yet and is ignored"))
    }

    @Test func pandas() throws {
        let (configuration, warnings) = try Self.devcontainer("pandas-dev__pandas.json")
        #expect(configuration.image == .file("Dockerfile", context: "."))
        #expect(configuration.vscode?.extensions == ["ms-python.python", "ms-vscode.cpptools"])
        #expect(warnings.first == "'dockerFile' is deprecated in devcontainer.json: use 'build.dockerfile'")
    }

    @Test func cpython() throws {
        let (configuration, _) = try Self.devcontainer("python__cpython.json")
        #expect(configuration.image == .name("ghcr.io/python/devcontainer:2024.09.25.11038928730"))
        #expect(
            configuration.tasks.first?.initialization?.hasPrefix(
                "dnf install -y which zsh fish /usr/bin/setfacl\n(./configure --config-cache") == true)
        #expect(configuration.vscode?.extensions.count == 5)
    }

    @Test func rails() throws {
        let (configuration, warnings) = try Self.devcontainer("rails__rails.json")
        #expect(configuration.env.count == 5)
        #expect(configuration.env["PGHOST"] == "postgres")
        #expect(configuration.tasks.first?.initialization == ".devcontainer/boot.sh")
        #expect(configuration.ports.isEmpty)
        #expect(configuration.vscode?.extensions == ["Shopify.ruby-lsp"])
        #expect(warnings.contains("'features' is not supported yet and is ignored"))
    }
}
