import Testing

@testable import Crypto

/// PBKDF2-HMAC-SHA-256 against published vectors: RFC 7914 §11 and the widely used set for SHA-256.
@Suite struct PBKDF2Tests {
    struct Vector: Sendable, CustomTestStringConvertible {
        var password: String
        var salt: String
        var iterations: Int
        var expected: String
        var testDescription: String { "\(password)/\(salt)/\(iterations)" }
    }

    static let vectors: [Vector] = [
        // RFC 7914 §11.
        Vector(
            password: "passwd", salt: "salt", iterations: 1,
            expected: "55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc"
                + "49ca9cccf179b645991664b39d77ef317c71b845b1e30bd509112041d3a19783"),
        Vector(
            password: "Password", salt: "NaCl", iterations: 80_000,
            expected: "4ddcd8f60b98be21830cee5ef22701f9641a4418d04c0414aeff08876b34ab56"
                + "a1d425a1225833549adb841b51c9b3176a272bdebba1d078478f62b397f33c8d"),
        // The PBKDF2-HMAC-SHA256 counterparts of RFC 6070's vectors.
        Vector(
            password: "password", salt: "salt", iterations: 1,
            expected: "120fb6cffcf8b32c43e7225256c4f837a86548c92ccc35480805987cb70be17b"),
        Vector(
            password: "password", salt: "salt", iterations: 4096,
            expected: "c5e478d59288c841aa530db6845c4c8d962893a001ce4e11a4963873aa98134a"),
        Vector(
            password: "passwordPASSWORDpassword", salt: "saltSALTsaltSALTsaltSALTsaltSALTsalt", iterations: 4096,
            expected: "348c89dbcbd32b2f32d814b8116e84cf2b17347ebc1800181c4e2a1fb8dd53e1c635518c7dac47e9"),
    ]

    @Test(arguments: vectors) func derivesThePublishedKey(_ vector: Vector) {
        let key = PBKDF2.sha256(
            password: Array(vector.password.utf8), salt: Array(vector.salt.utf8), iterations: vector.iterations,
            length: vector.expected.count / 2)
        #expect(key.hexString == vector.expected)
    }

    @Test func acceptsAnEmptyPasswordAndSalt() {
        let key = PBKDF2.sha256(password: [UInt8](), salt: [UInt8](), iterations: 1, length: 32)
        #expect(key.count == 32)
        // HMAC pads keys with zeros, so only a nonzero byte makes a different key.
        #expect(key != PBKDF2.sha256(password: [0x61], salt: [UInt8](), iterations: 1, length: 32))
    }

    @Test func passwordsWithANULByteDifferFromTheirPrefix() {
        let salt = Array("salt".utf8)
        let withNUL = PBKDF2.sha256(password: Array("pass\0word".utf8), salt: salt, iterations: 2, length: 32)
        let prefix = PBKDF2.sha256(password: Array("pass".utf8), salt: salt, iterations: 2, length: 32)
        #expect(withNUL != prefix)
    }
}
