import Crypto
import Testing

@Suite struct PublicKeyTests {
    static let rsa = SigningKey.generateRSA()
    static let ec = SigningKey.generateP256()

    @Test func verifiesRSAAndP256SignaturesAndRefusesOthers() throws {
        let message = Array("header.payload".utf8)
        for key in [Self.rsa, Self.ec] {
            let signature = key.sign(message)
            let publicKey = try key.publicKey
            #expect(publicKey.isValidSignature(signature, for: message))
            #expect(!publicKey.isValidSignature(signature, for: Array("header.payloaD".utf8)))
            #expect(!publicKey.isValidSignature([], for: message))
            #expect(!publicKey.isValidSignature(Array(signature.dropLast()), for: message))
        }
        #expect(Self.ec.sign(message).count == 64)
        #expect(!(try Self.rsa.publicKey).isValidSignature(Self.ec.sign(message), for: message))
    }

    @Test func refusesWeakOrMalformedKeys() {
        #expect(throws: CryptoKeyError.self) {
            try PublicKey.rsa(modulus: [UInt8](repeating: 0xC1, count: 128), exponent: [1, 0, 1])
        }
        #expect(throws: CryptoKeyError.self) { try PublicKey.rsa(modulus: [], exponent: [1, 0, 1]) }
        #expect(throws: CryptoKeyError.self) {
            try PublicKey.p256(x: [UInt8](repeating: 1, count: 32), y: [UInt8](repeating: 2, count: 32))
        }
        #expect(throws: CryptoKeyError.self) { try PublicKey.p256(x: [1], y: [2]) }
    }

    @Test func convertsECDSASignaturesBetweenRawAndDER() throws {
        var raw = [UInt8](repeating: 0, count: 64)
        raw[31] = 0x01  // r = 1
        raw[32] = 0x80  // s has its high bit set, so DER needs a leading zero
        let der = try #require(ECDSASignature.der(fromRaw: raw, coordinateLength: 32))
        #expect(der == [0x30, 0x26, 0x02, 0x01, 0x01, 0x02, 0x21, 0x00, 0x80] + [UInt8](repeating: 0, count: 31))
        #expect(ECDSASignature.raw(fromDER: der, coordinateLength: 32) == raw)
        #expect(ECDSASignature.der(fromRaw: Array(raw.dropLast()), coordinateLength: 32) == nil)
        #expect(ECDSASignature.raw(fromDER: der + [0], coordinateLength: 32) == nil)
        #expect(ECDSASignature.raw(fromDER: [0x30, 0x80, 0x02, 0x01, 0x01], coordinateLength: 32) == nil)
    }

    @Test func base64URLIsStrict() {
        #expect(Base64URL.encode([0xFB, 0xFF]) == "-_8")
        #expect(Base64URL.decode("-_8") == [0xFB, 0xFF])
        for bad in ["-_8=", "+/8", "-_9", "a", "ab c", "ab\n"] { #expect(Base64URL.decode(bad) == nil, "\(bad)") }
        #expect(Base64URL.decode("") == [])
    }
}
