import CommandLineKit
import Foundation
import Store

/// `swiftpod admin`: offline administration against a data directory, for scripts and recovery.
struct AdminCommand: Command {
    static let configuration = CommandConfiguration(
        commandName: "admin",
        abstract: "Creates users and access tokens directly in a data directory (no running server needed).",
        subcommands: [AdminCreateUserCommand.self, AdminCreateTokenCommand.self]
    )

    init(parsed: ParsedArguments) throws {}
}

/// The data directory option the admin commands share, with the server's default and environment variable.
enum AdminDataDirectory {
    static let parameter = CommandParameter.option(
        "data-dir", valueName: "path", environmentVariable: "SWIFTPOD_DATA_DIR",
        help: "The server's data directory, holding swiftpod.db (default: ~/.local/share/swiftpod).")

    /// The directory given, or the server's default.
    static func path(_ parsed: ParsedArguments) -> String {
        let home = FileManager.default.homeDirectoryForCurrentUser.path
        return parsed.string("data-dir") ?? "\(home)/.local/share/swiftpod"
    }

    /// Opens `<directory>/swiftpod.db`, creating the directory and the database first when `create` is true.
    /// - Throws: `AdminError` when the database does not exist (and may not be created) or cannot be opened.
    static func openStore(in directory: String, create: Bool) async throws -> SQLiteStore {
        let path = "\(directory)/swiftpod.db"
        if !FileManager.default.fileExists(atPath: path) {
            guard create else {
                throw AdminError("no Swiftpod database at '\(path)': check --data-dir, or create a user first")
            }
            do {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            } catch {
                throw AdminError("cannot create the data directory '\(directory)': \(error.localizedDescription)")
            }
        }
        return try await SQLiteStore.open(path: path)
    }
}

/// A failed admin command, printed as `error: <message>` with exit status 1.
struct AdminError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
