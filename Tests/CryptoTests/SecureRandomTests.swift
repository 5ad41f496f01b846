import Crypto
import Testing

@Suite struct SecureRandomTests {
    @Test(arguments: [0, 1, 4, 16, 4096])
    func returnsTheRequestedCount(_ count: Int) {
        #expect(SecureRandom.bytes(count: count).count == count)
    }

    @Test func successiveCallsDiffer() {
        // Two equal 32-byte draws would happen with probability 2^-256.
        #expect(SecureRandom.bytes(count: 32) != SecureRandom.bytes(count: 32))
    }

    @Test func bytesAreNotConstant() {
        let bytes = SecureRandom.bytes(count: 4096)
        #expect(Set(bytes).count > 200)
    }
}

@Suite struct ConstantTimeEqualsTests {
    @Test func equalBytesCompareEqual() {
        #expect(constantTimeEquals(Array("secret".utf8), Array("secret".utf8)))
        #expect(constantTimeEquals([UInt8](), [UInt8]()))
        #expect(constantTimeEquals(Array("xsecret".utf8).dropFirst(), "secret".utf8))
    }

    @Test(arguments: ["secreT", "Secret", "secre", "secrets", ""])
    func differentBytesCompareUnequal(_ other: String) {
        #expect(!constantTimeEquals(Array("secret".utf8), Array(other.utf8)))
    }
}
