import Basics
import CommandLineKit
import ContainerEngine
import Foundation
import ImageBuilder

/// `swiftpod image bootstrap`: builds the default workspace image from debootstrap, unless the engine has it.
struct ImageBootstrapCommand: Command {
    static let configuration = CommandConfiguration(
        commandName: "bootstrap",
        abstract: "Builds the default workspace image, \(BaseImageBootstrap.reference), unless the engine has it.",
        discussion: """
            Runs debootstrap (Debian bookworm, minbase) with \
            what a workspace needs, adds the user gitpod (uid and gid 33333, passwordless sudo) and imports the \
            result into the container engine. The first build takes a few minutes and needs root and Debian's \
            mirror; when the image is there, the command returns at once. Prints the image's ID.
            """,
        parameters: [
            .option(
                "engine", valueName: "url", environmentVariable: "SWIFTPOD_ENGINE",
                help: "The container engine's socket, unix:///path (default: DOCKER_HOST, the usual sockets, "
                    + "or a Podman service started for the command)."),
            .option(
                "data-dir", valueName: "path", environmentVariable: "SWIFTPOD_DATA_DIR",
                help: "Where Swiftpod keeps its data; the build runs and logs there (default: ~/.local/share/swiftpod)."
            ),
            .flag("force", help: "Build the image again even when the engine has it."),
        ] + LoggingOptions.parameters
    )

    let engine: String?
    let dataDirectory: String
    let force: Bool
    let logging: LoggingOptions

    init(parsed: ParsedArguments) throws {
        engine = parsed.string("engine")
        if let engine {
            do {
                _ = try EngineLocator.socketPath(fromURL: engine)
            } catch {
                throw ValidationError("invalid value '\(engine)' for '--engine': use unix:///path/to/socket")
            }
        }
        let home = FileManager.default.homeDirectoryForCurrentUser.path
        dataDirectory = parsed.string("data-dir") ?? "\(home)/.local/share/swiftpod"
        force = parsed.flag("force")
        logging = try LoggingOptions(parsed: parsed)
    }

    func run() async throws {
        let logger = logging.makeLogger(label: "swiftpod.image")
        let connection = try await EngineLocator.locate(
            explicit: engine, dataDirectory: dataDirectory, logger: logger)
        do {
            let bootstrap = BaseImageBootstrap(
                client: connection.client, dataDirectory: dataDirectory, logger: logger)
            let outcome = try await bootstrap.run(force: force)
            print(outcome.image.id)
        } catch {
            await connection.shutdown()
            throw error
        }
        await connection.shutdown()
    }
}
