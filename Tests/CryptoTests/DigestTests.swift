import Crypto
import Testing

/// A message and its digest in hexadecimal.
struct DigestVector: Sendable, CustomTestStringConvertible {
    var name: String
    var message: [UInt8]
    var digest: String

    var testDescription: String { name }

    static let millionAs = [UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)
    static let twoBlockMessage = Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)
}

/// FIPS 180-4 example messages (the FIPS 180-2 appendix and NIST's example values).
@Suite struct SHA1Tests {
    static let vectors = [
        DigestVector(name: "empty", message: [], digest: "da39a3ee5e6b4b0d3255bfef95601890afd80709"),
        DigestVector(name: "abc", message: Array("abc".utf8), digest: "a9993e364706816aba3e25717850c26c9cd0d89d"),
        DigestVector(
            name: "448 bits", message: DigestVector.twoBlockMessage, digest: "84983e441c3bd26ebaae4aa1f95129e5e54670f1"),
        DigestVector(
            name: "a million a", message: DigestVector.millionAs, digest: "34aa973cd4c4daa4f61eeb2bdbad27316534016f"),
    ]

    @Test(arguments: vectors)
    func knownDigest(_ vector: DigestVector) {
        #expect(SHA1.hash(vector.message).hexString == vector.digest)
    }

    @Test func acceptsAnyCollection() {
        let bytes = Array("xabcx".utf8)
        #expect(SHA1.hash(bytes[1..<4]) == SHA1.hash(Array("abc".utf8)))
        #expect(SHA1.hash("abc".utf8) == SHA1.hash(Array("abc".utf8)))
        #expect(SHA1.hash(Array("abc".utf8)).count == SHA1.digestLength)
    }
}

@Suite struct SHA256Tests {
    static let vectors = [
        DigestVector(
            name: "empty", message: [], digest: "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        DigestVector(
            name: "abc", message: Array("abc".utf8),
            digest: "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        DigestVector(
            name: "448 bits", message: DigestVector.twoBlockMessage,
            digest: "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
        DigestVector(
            name: "a million a", message: DigestVector.millionAs,
            digest: "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"),
    ]

    @Test(arguments: vectors)
    func knownDigest(_ vector: DigestVector) {
        #expect(SHA256.hash(vector.message).hexString == vector.digest)
    }

    @Test(arguments: vectors, [1, 3, 64, 1000])
    func hasherMatchesOneShotForAnyChunking(_ vector: DigestVector, chunkSize: Int) {
        let hasher = SHA256.Hasher()
        var start = 0
        while start < vector.message.count {
            let end = min(start + chunkSize, vector.message.count)
            hasher.update(vector.message[start..<end])
            start = end
        }
        #expect(hasher.finalize().hexString == vector.digest)
    }

    @Test func hasherStartsOverAfterFinalize() {
        let hasher = SHA256.Hasher()
        hasher.update(Array("ab".utf8))
        hasher.update(Array("c".utf8))
        let first = hasher.finalize()
        hasher.update("abc".utf8)
        #expect(hasher.finalize() == first)
        #expect(hasher.finalize() == SHA256.hash([UInt8]()))
    }

    @Test func hasherAcceptsEmptyUpdates() {
        let hasher = SHA256.Hasher()
        hasher.update([UInt8]())
        hasher.update(Array("abc".utf8))
        hasher.update([UInt8]())
        #expect(hasher.finalize().hexString == SHA256Tests.vectors[1].digest)
    }
}
