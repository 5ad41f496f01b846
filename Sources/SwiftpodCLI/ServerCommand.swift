import Basics
import CommandLineKit
import Foundation
import Glibc
import NetIO
import SwiftpodServer

/// `swiftpod server`: runs the platform.
struct ServerCommand: Command {
    static let configuration = CommandConfiguration(
        commandName: "server",
        abstract: "Runs the Swiftpod server: dashboard, API and workspace proxy on one listener.",
        discussion: """
            Every setting comes, in this order of precedence, from its flag, its SWIFTPOD_* environment variable \
            (--public-url is SWIFTPOD_PUBLIC_URL), the YAML file of --config (public-url: …; nested mappings join \
            with '-', so oidc: {issuer: …} is oidc-issuer), or its default. Durations are 90s, 30m, 36h or 2d. \
            With no users yet, the server prints a one-time link that creates the first administrator.
            """,
        parameters: [
            .option(
                "config", short: "c", valueName: "file", environmentVariable: "SWIFTPOD_CONFIG",
                help: "A YAML file of settings, below flags and environment variables in precedence."),
            .option(
                "listen", short: "l", valueName: "address",
                help: "The address to listen on: HOST:PORT, [IPv6]:PORT or unix:/path (default: 127.0.0.1:8080)."),
            .option(
                "public-url", valueName: "url",
                help: "The URL users reach the server at; workspaces are served at subdomains of its host "
                    + "(default: http://localhost:8080)."),
            .option(
                "data-dir", valueName: "path",
                help: "Where Swiftpod keeps its database and workspaces (default: ~/.local/share/swiftpod)."),
            .option(
                "engine", valueName: "url",
                help: "The container engine's socket, unix:///path (default: DOCKER_HOST, the usual sockets, or a "
                    + "Podman service the server starts)."),
            .flag("allow-local-repos", help: "Lets context URLs name repositories on this machine (file://)."),
            .option(
                "git-host", valueName: "host=kind", repeatable: true,
                help: "A git host and its kind (github, gitlab, gitea, bitbucket or git); repeatable."),
            .option(
                "workspace-binaries", valueName: "dir",
                help: "The directory of the static swiftpod-supervisor and gp (default: beside this executable, or "
                    + "the checkout's .build/static)."),
            .option(
                "inactivity-timeout", valueName: "duration",
                help: "Stops a workspace idle this long (default: 30m)."),
            .option(
                "maximum-lifetime", valueName: "duration", help: "Stops a workspace running this long (default: 36h)."),
            .option(
                "initialization-timeout", valueName: "duration",
                help: "The longest a workspace may take in one starting phase (default: 30m)."),
            .option(
                "keep-stopped-files", valueName: "duration",
                help: "Keeps a stopped workspace's files beside its backup this long, so that its next start needs no "
                    + "restore; 0 keeps none (default: 7d, and none while the disk has less than 10% free)."),
            .option("oidc-issuer", valueName: "url", help: "The OIDC provider's issuer URL; enables OIDC sign-in."),
            .option("oidc-client-id", valueName: "id", help: "The client ID registered with the OIDC provider."),
            .option(
                "oidc-client-secret-file", valueName: "file",
                help: "A file holding the OIDC client secret (or set SWIFTPOD_OIDC_CLIENT_SECRET)."),
            .option(
                "oidc-ca-file", valueName: "file",
                help: "A PEM file of CA certificates to trust for the OIDC provider, besides the system's."),
            .option(
                "oidc-allowed-email-domains", valueName: "domain", repeatable: true,
                help: "An email domain allowed to sign in through OIDC, matched exactly; repeatable (default: any)."),
            .option("log-format", valueName: "format", help: "How log lines are written: logfmt or json."),
            .option(
                "log-level", valueName: "level",
                help: "The least severe level logged: trace, debug, info, notice, warning, error or critical."),
        ]
    )

    /// The names of the options that are settings (all but `--config`).
    static let settingOptions = [
        "listen", "public-url", "data-dir", "engine", "git-host", "workspace-binaries", "inactivity-timeout",
        "maximum-lifetime", "initialization-timeout", "keep-stopped-files", "oidc-issuer", "oidc-client-id",
        "oidc-client-secret-file",
        "oidc-ca-file", "oidc-allowed-email-domains", "log-format", "log-level",
    ]

    /// The settings given on the command line, by name.
    let commandLine: [String: [String]]
    /// The config file of `--config` or `SWIFTPOD_CONFIG`.
    let configPath: String?
    /// The settings resolved against the process's environment.
    let settings: ServerConfiguration

    init(parsed: ParsedArguments) throws {
        var commandLine: [String: [String]] = [:]
        for name in Self.settingOptions {
            let values = parsed.strings(name)
            if !values.isEmpty { commandLine[name] = values }
        }
        if parsed.flag("allow-local-repos") { commandLine["allow-local-repos"] = ["true"] }
        self.commandLine = commandLine
        configPath = parsed.string("config")
        settings = try Self.resolve(
            commandLine: commandLine, configPath: configPath, environment: ProcessInfo.processInfo.environment)
    }

    /// Resolves the settings from the command line's values, `environment` and the config file.
    /// - Throws: `ValidationError` naming the flag, variable or file line at fault.
    static func resolve(
        commandLine: [String: [String]], configPath: String?, environment: [String: String]
    ) throws(ValidationError) -> ServerConfiguration {
        var file: (path: String, text: String)?
        if let path = configPath ?? environment["SWIFTPOD_CONFIG"].flatMap({ $0.isEmpty ? nil : $0 }) {
            do {
                file = (path, try String(contentsOfFile: path, encoding: .utf8))
            } catch {
                throw ValidationError(
                    "cannot read the config file '\(path)' of '--config': \(error.localizedDescription)")
            }
        }
        let home = FileManager.default.homeDirectoryForCurrentUser.path
        let loader = ServerConfigurationLoader(
            commandLine: commandLine, environment: environment, file: file,
            defaultDataDirectory: "\(home)/.local/share/swiftpod")
        do {
            return try loader.load()
        } catch {
            throw ValidationError(error.message)
        }
    }

    func run() async throws {
        let logger = Logger(
            label: "swiftpod.server", level: settings.logLevel,
            handler: StreamLogHandler.standardError(format: settings.logFormat))
        let services = try await SwiftpodServices.open(configuration: settings, logger: logger)
        let server = SwiftpodServer(services: services).makeHTTPServer()
        let address: SocketAddress
        do {
            address = try await server.bind()
        } catch {
            await services.close()
            throw error
        }
        logger.notice(
            "Swiftpod \(SwiftpodVersion.current) is ready",
            ["http.address": address.description, "url": settings.publicURL])
        do {
            if let link = try await services.firstRunSetup.setupLink(publicURL: settings.publicURL) {
                FileDescriptorWriter.writeAll(
                    "No users yet. Create the first administrator (the link works once, for an hour):\n  \(link)\n",
                    to: STDOUT_FILENO)
            } else {
                FileDescriptorWriter.writeAll("Sign in at \(settings.baseURL)/\n", to: STDOUT_FILENO)
            }
            try await serveUntilTerminated(
                server, logger: logger, alongside: [{ await services.runWorkspaces() }])
        } catch {
            await services.close()
            throw error
        }
        await services.close()
    }
}
