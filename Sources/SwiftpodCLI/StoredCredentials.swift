import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The server URL and token `swiftpod login` stores for the client commands, in
/// `$XDG_CONFIG_HOME/swiftpod/credentials.json` (or `~/.config/swiftpod/credentials.json`), readable by the user
/// alone: the file is mode 0600 in a directory of mode 0700.
struct StoredCredentials: Codable, Sendable, Equatable {
    var url: String
    var token: String
    /// The token's ID when `swiftpod login` created it (so `logout` revokes it); nil for a token the user gave.
    var tokenID: String?

    init(url: String, token: String, tokenID: String? = nil) {
        self.url = url
        self.token = token
        self.tokenID = tokenID
    }

    /// The file's path for an environment: `$XDG_CONFIG_HOME` when it is an absolute path, else `$HOME/.config`.
    /// - Throws: `ClientCommandError` when neither variable gives a place.
    static func path(environment: [String: String]) throws -> String {
        if let config = environment["XDG_CONFIG_HOME"], config.hasPrefix("/") {
            return config + "/swiftpod/credentials.json"
        }
        guard let home = environment["HOME"], home.hasPrefix("/") else {
            throw ClientCommandError("cannot find the configuration directory: set HOME or XDG_CONFIG_HOME")
        }
        return home + "/.config/swiftpod/credentials.json"
    }

    /// The credentials in `path`, or nil when the file does not exist.
    /// - Throws: `ClientCommandError` naming the file when it cannot be read or is not valid.
    static func load(from path: String) throws -> StoredCredentials? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw ClientCommandError("cannot read \(path): \(error.localizedDescription)")
        }
        do {
            return try JSONDecoder().decode(StoredCredentials.self, from: data)
        } catch {
            throw ClientCommandError(
                "\(path) is not a valid credentials file (\(error)): run 'swiftpod login' again")
        }
    }

    /// Writes the credentials to `path` atomically: a temporary file of mode 0600 beside it, renamed into place; the
    /// directory is created with mode 0700 (and an existing one is made 0700).
    /// - Throws: `ClientCommandError` naming the path when a step fails.
    func save(to path: String) throws {
        let directory = (path as NSString).deletingLastPathComponent
        do {
            try FileManager.default.createDirectory(
                atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            try FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: directory)
        } catch {
            throw ClientCommandError("cannot create \(directory): \(error.localizedDescription)")
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(self) + Data("\n".utf8)
        let temporary = path + ".tmp-\(getpid())"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw ClientCommandError("cannot write \(temporary): \(String(cString: strerror(errno)))")
        }
        let written = data.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        let synced = fsync(descriptor)
        close(descriptor)
        guard written == data.count, synced == 0, rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw ClientCommandError("cannot write \(path): \(reason)")
        }
    }

    /// Removes the file at `path`.
    /// - Returns: whether there was one.
    @discardableResult
    static func remove(at path: String) throws -> Bool {
        guard FileManager.default.fileExists(atPath: path) else { return false }
        do {
            try FileManager.default.removeItem(atPath: path)
        } catch {
            throw ClientCommandError("cannot remove \(path): \(error.localizedDescription)")
        }
        return true
    }
}
