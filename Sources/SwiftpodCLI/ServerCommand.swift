import Basics
import CommandLineKit
import Foundation
import NetIO
import SwiftpodServer

/// `swiftpod server`: runs the platform.
struct ServerCommand: Command {
    static let configuration = CommandConfiguration(
        commandName: "server",
        abstract: "Runs the Swiftpod server: dashboard, API and workspace proxy on one listener.",
        parameters: [
            .option(
                "listen", short: "l", valueName: "address", default: "127.0.0.1:8080",
                environmentVariable: "SWIFTPOD_LISTEN",
                help: "The address to listen on: HOST:PORT, [IPv6]:PORT or unix:/path."),
            .option(
                "public-url", valueName: "url", default: "http://localhost:8080",
                environmentVariable: "SWIFTPOD_PUBLIC_URL",
                help: "The URL users reach the server at; workspaces are served at subdomains of its host."),
            .option(
                "data-dir", valueName: "path", environmentVariable: "SWIFTPOD_DATA_DIR",
                help: "Where Swiftpod keeps its database and workspaces (default: ~/.local/share/swiftpod)."),
        ] + LoggingOptions.parameters
    )

    let options: ServerOptions
    let logging: LoggingOptions

    init(parsed: ParsedArguments) throws {
        let listenText = try parsed.required("listen")
        let listen: SocketAddress
        do {
            listen = try SocketAddress(parsing: listenText)
        } catch {
            throw ValidationError("invalid value '\(listenText)' for '--listen': \(error)")
        }
        let publicURL = try parsed.required("public-url")
        guard publicURL.hasPrefix("http://") || publicURL.hasPrefix("https://") else {
            throw ValidationError(
                "invalid value '\(publicURL)' for '--public-url': expected an http:// or https:// URL")
        }
        let home = FileManager.default.homeDirectoryForCurrentUser.path
        let dataDirectory = parsed.string("data-dir") ?? "\(home)/.local/share/swiftpod"
        options = ServerOptions(listen: listen, publicURL: publicURL, dataDirectory: dataDirectory)
        logging = try LoggingOptions(parsed: parsed)
    }

    func run() async throws {
        let logger = logging.makeLogger(label: "swiftpod.server")
        let server = SwiftpodServer(options: options, logger: logger).makeHTTPServer()
        let address = try await server.bind()
        logger.notice(
            "Swiftpod \(SwiftpodVersion.current) is ready",
            ["http.address": address.description, "url": options.publicURL])
        try await serveUntilTerminated(server, logger: logger)
    }
}
