import Crypto
import Testing

@Suite struct HexTests {
    @Test func encodesLowercaseTwoDigitsPerByte() {
        #expect([0x00, 0x01, 0x7f, 0x80, 0xab, 0xff].hexString == "00017f80abff")
        #expect([UInt8]().hexString == "")
    }

    @Test(arguments: ["00017f80abff", "00017F80ABFF", "00017f80ABff"])
    func decodesEitherCase(_ text: String) {
        #expect([UInt8](hexString: text) == [0x00, 0x01, 0x7f, 0x80, 0xab, 0xff])
    }

    @Test(arguments: ["0", "abc", "0g", "zz", " 00", "00 ", "-1"])
    func rejectsInvalidText(_ text: String) {
        #expect([UInt8](hexString: text) == nil)
    }

    @Test func roundTripsEveryByte() {
        let bytes = (0...255).map(UInt8.init)
        #expect([UInt8](hexString: bytes.hexString) == bytes)
    }
}

/// The test vectors of RFC 4648 §10.
@Suite struct Base64Tests {
    static let vectors: [(String, String)] = [
        ("", ""), ("f", "Zg=="), ("fo", "Zm8="), ("foo", "Zm9v"), ("foob", "Zm9vYg=="), ("fooba", "Zm9vYmE="),
        ("foobar", "Zm9vYmFy"),
    ]

    @Test(arguments: vectors)
    func encodes(_ plain: String, _ encoded: String) {
        #expect(Base64.encode(Array(plain.utf8)) == encoded)
    }

    @Test(arguments: vectors)
    func decodes(_ plain: String, _ encoded: String) {
        #expect(Base64.decode(encoded) == Array(plain.utf8))
    }

    @Test func roundTripsEveryLengthAndByte() {
        for length in 0...70 {
            let bytes = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 200) }
            #expect(Base64.decode(Base64.encode(bytes)) == bytes)
        }
        let everyByte = (0...255).map(UInt8.init)
        #expect(Base64.decode(Base64.encode(everyByte)) == everyByte)
        #expect(Base64.encode([0xfb, 0xff, 0xbf]) == "+/+/")
    }

    @Test(arguments: [
        "Zg", "Zm9vYg", "Zm9vY", "Zg=", "Zg===", "====", "A===", "Zm9v\nYg==", " Zm9v", "Zm9v ", "Zg==Zg==",
        "Zm=v", "Zm9!", "Zm9v-_==", "Zh==", "Zm9=",
    ])
    func rejectsNonCanonicalText(_ text: String) {
        #expect(Base64.decode(text) == nil)
    }
}
