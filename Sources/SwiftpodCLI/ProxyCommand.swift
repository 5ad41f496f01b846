import Basics
import CommandLineKit
import HTTPClient
import HTTPServer
import NetIO
import ReverseProxy
import SwiftpodServer

/// `swiftpod proxy`: Swiftpod's reverse proxy on its own, in front of one upstream.
struct ProxyCommand: Command {
    static let configuration = CommandConfiguration(
        commandName: "proxy",
        abstract: "Runs Swiftpod's reverse proxy in front of one upstream.",
        discussion: """
            The same proxy that the server puts in front of workspace ports, usable on its own (and how the HTTP \
            benchmark measures it). Examples:
              swiftpod proxy --listen 127.0.0.1:8081 --to http://127.0.0.1:3000
              swiftpod proxy --listen 127.0.0.1:8081 --to http+unix://%2Frun%2Fapp.sock
            """,
        parameters: [
            .option(
                "listen", short: "l", valueName: "address", default: "127.0.0.1:8081",
                help: "The address to listen on: HOST:PORT, [IPv6]:PORT or unix:/path."),
            .option(
                "to", valueName: "url", help: "The upstream: http://HOST:PORT or http+unix://PERCENT-ENCODED-PATH."),
        ] + LoggingOptions.parameters
    )

    let listen: SocketAddress
    let upstream: HTTPEndpoint
    let logging: LoggingOptions

    init(parsed: ParsedArguments) throws {
        let listenText = try parsed.required("listen")
        do {
            listen = try SocketAddress(parsing: listenText)
        } catch {
            throw ValidationError("invalid value '\(listenText)' for '--listen': \(error)")
        }
        let to = try parsed.required("to")
        do {
            upstream = try HTTPEndpoint.parse(url: to).endpoint
        } catch {
            throw ValidationError("invalid value '\(to)' for '--to': \(error)")
        }
        logging = try LoggingOptions(parsed: parsed)
    }

    func run() async throws {
        let logger = logging.makeLogger(label: "swiftpod.proxy")
        let server = HTTPServer(
            configuration: HTTPServerConfiguration(address: listen), responder: ReverseProxy(upstream: upstream),
            logger: logger)
        let address = try await server.bind()
        logger.notice("proxying", ["http.address": address.description, "proxy.upstream": upstream.description])
        try await serveUntilTerminated(server, logger: logger)
    }
}
