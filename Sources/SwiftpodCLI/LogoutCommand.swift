import CommandLineKit
import Foundation
import SwiftpodClient

/// `swiftpod logout`: forgets the stored server and token, revoking the token when `login` created it.
struct LogoutCommand: Command {
    static let configuration = CommandConfiguration(
        commandName: "logout",
        abstract: "Removes the stored credentials; a token that 'swiftpod login' created is revoked on the server."
    )

    init(parsed: ParsedArguments) throws {}

    func run() async throws {
        let path = try StoredCredentials.path(environment: ProcessInfo.processInfo.environment)
        guard let stored = try StoredCredentials.load(from: path) else {
            return ClientOutput.write("not signed in: there are no stored credentials in \(path)\n")
        }
        var note = ""
        if let tokenID = stored.tokenID, let server = try? ServerURL(stored.url) {
            do {
                try await APIClient(server: server, credential: .bearer(stored.token)).revokeAccessToken(id: tokenID)
            } catch let error as APIClientError where !error.isUnauthenticated {
                note = " (the token could not be revoked: \(error.message))"
            }
        }
        try StoredCredentials.remove(at: path)
        ClientOutput.write("signed out of \(stored.url)\(note)\n")
    }
}
