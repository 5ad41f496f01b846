import Foundation
import SwiftpodServer
import TestSupport
import Testing

/// The key that signs workspace host cookies lives in the data directory, owner-only, and stays the same from one
/// start of the server to the next.
@Suite struct WorkspaceCookieKeyTests {
    @Test func theKeyIsMadeOnceOwnerOnlyAndKept() throws {
        let directory = try TemporaryDirectory(prefix: "cookie-key")
        let first = try SwiftpodServices.workspaceCookieKey(dataDirectory: directory.path)
        #expect(first.count == 32)
        let path = directory.path + "/" + SwiftpodServices.workspaceCookieKeyFile
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        #expect(try SwiftpodServices.workspaceCookieKey(dataDirectory: directory.path) == first)
    }

    @Test func aFileThatIsNoKeyIsRefusedByName() throws {
        let directory = try TemporaryDirectory(prefix: "cookie-key")
        let path = directory.path + "/" + SwiftpodServices.workspaceCookieKeyFile
        _ = FileManager.default.createFile(atPath: path, contents: Data("short".utf8))
        let error = #expect(throws: ServerKeyError.self) {
            try SwiftpodServices.workspaceCookieKey(dataDirectory: directory.path)
        }
        #expect(error?.description.contains(path) == true)
        #expect(error?.description.contains("not 5") == true)
    }
}
