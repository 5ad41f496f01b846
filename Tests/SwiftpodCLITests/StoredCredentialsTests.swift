import Foundation
import TestSupport
import Testing

@testable import SwiftpodCLI

@Suite struct StoredCredentialsTests {
    @Test func thePathFollowsXDGThenHome() throws {
        #expect(
            try StoredCredentials.path(environment: ["XDG_CONFIG_HOME": "/c", "HOME": "/h"])
                == "/c/swiftpod/credentials.json")
        #expect(
            try StoredCredentials.path(environment: ["XDG_CONFIG_HOME": "relative", "HOME": "/h"])
                == "/h/.config/swiftpod/credentials.json")
        #expect(throws: ClientCommandError.self) { try StoredCredentials.path(environment: [:]) }
    }

    @Test func savesForTheUserAloneAndReadsBack() throws {
        let directory = try TemporaryDirectory(prefix: "credentials")
        let path = directory.path + "/config/swiftpod/credentials.json"
        #expect(try StoredCredentials.load(from: path) == nil)
        let credentials = StoredCredentials(url: "http://localhost:8080", token: "swp_abc", tokenID: "t1")
        try credentials.save(to: path)
        #expect(try StoredCredentials.load(from: path) == credentials)
        #expect(try permissions(path) == 0o600)
        #expect(try permissions(directory.path + "/config/swiftpod") == 0o700)
        // A directory that already exists with looser permissions is tightened; a second save replaces the file.
        try FileManager.default.setAttributes(
            [.posixPermissions: 0o755], ofItemAtPath: directory.path + "/config/swiftpod")
        try StoredCredentials(url: "http://other:8080", token: "swp_def").save(to: path)
        #expect(try StoredCredentials.load(from: path)?.url == "http://other:8080")
        #expect(try permissions(directory.path + "/config/swiftpod") == 0o700)
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: directory.path + "/config/swiftpod") == [
                "credentials.json"
            ])
        #expect(try StoredCredentials.remove(at: path))
        #expect(try !StoredCredentials.remove(at: path))
    }

    @Test func aDamagedFileNamesItselfAndTheWayOut() throws {
        let directory = try TemporaryDirectory(prefix: "credentials")
        let path = directory.path + "/credentials.json"
        try "{not json".write(toFile: path, atomically: false, encoding: .utf8)
        #expect {
            try StoredCredentials.load(from: path)
        } throws: { error in
            "\(error)".hasPrefix("\(path) is not a valid credentials file") && "\(error)".contains("swiftpod login")
        }
    }

    @Test func theEnvironmentOverridesTheStoredURLAndToken() throws {
        let directory = try TemporaryDirectory(prefix: "credentials")
        let environment = ["XDG_CONFIG_HOME": directory.path]
        #expect {
            try ClientConnection.resolve(environment: environment)
        } throws: { error in
            "\(error)".hasPrefix("not signed in: run 'swiftpod login")
        }
        try StoredCredentials(url: "http://stored:8080", token: "swp_stored")
            .save(to: try StoredCredentials.path(environment: environment))
        let stored = try ClientConnection.resolve(environment: environment)
        #expect(stored.server.text == "http://stored:8080")
        #expect(stored.token == "swp_stored")
        var overridden = environment
        overridden["SWIFTPOD_URL"] = "http://127.0.0.1:9000/"
        overridden["SWIFTPOD_TOKEN"] = "swp_env"
        let fromEnvironment = try ClientConnection.resolve(environment: overridden)
        #expect(fromEnvironment.server.text == "http://127.0.0.1:9000")
        #expect(fromEnvironment.token == "swp_env")
        overridden["SWIFTPOD_URL"] = "ftp://files.example.com"
        #expect {
            try ClientConnection.resolve(environment: overridden)
        } throws: { error in
            "\(error)".contains("unsupported scheme 'ftp'") && "\(error)".contains("SWIFTPOD_URL")
        }
    }

    private func permissions(_ path: String) throws -> Int {
        (try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int ?? -1) & 0o777
    }
}
