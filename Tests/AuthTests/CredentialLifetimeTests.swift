import Foundation
import Testing

@testable import Auth

@Suite struct CredentialLifetimeTests {
    @Test(arguments: [
        ("90m", CredentialLifetime.seconds(5400)), ("12h", .seconds(43_200)), ("30d", .seconds(2_592_000)),
        ("1m", .seconds(60)), ("3650d", .seconds(315_360_000)), ("never", .never),
    ])
    func parses(_ text: String, _ expected: CredentialLifetime) throws {
        #expect(try CredentialLifetime(parsing: text) == expected)
    }

    @Test(arguments: [
        "", "30", "d", "0d", "-1d", "+1d", "1.5h", "30 d", " 30d", "30D", "1w", "1y", "Never", "3651d",
        "99999999d", "١٢h",
    ])
    func refuses(_ text: String) {
        #expect(throws: AuthError.self) { try CredentialLifetime(parsing: text) }
    }

    @Test func computesExpiries() throws {
        let start = Date(timeIntervalSince1970: 1_000_000)
        #expect(try CredentialLifetime(parsing: "2h").expiry(from: start) == start.addingTimeInterval(7200))
        #expect(CredentialLifetime.never.expiry(from: start) == nil)
        #expect(try CredentialLifetime(parsing: "48h").description == "2d")
        #expect(try CredentialLifetime(parsing: "90m").description == "90m")
    }
}
