import Testing

@testable import WebSocket

/// Bytes that are or are not UTF-8, with a name for the test report.
struct UTF8Sample: Sendable, CustomTestStringConvertible {
    var name: String
    var bytes: [UInt8]

    var testDescription: String { name }
}

@Suite struct UTF8ValidatorTests {
    static let valid = [
        UTF8Sample(name: "empty", bytes: []),
        UTF8Sample(name: "ASCII", bytes: Array("Hello, Swiftpod! 0123456789".utf8)),
        UTF8Sample(name: "two-byte", bytes: Array("déjà vu ß".utf8)),
        UTF8Sample(name: "three-byte", bytes: Array("κόσμε 日本語".utf8)),
        UTF8Sample(name: "four-byte", bytes: Array("😀 𝄞".utf8)),
        UTF8Sample(name: "U+0000", bytes: [0x00]),
        UTF8Sample(name: "U+007F", bytes: [0x7F]),
        UTF8Sample(name: "U+0080", bytes: [0xC2, 0x80]),
        UTF8Sample(name: "U+07FF", bytes: [0xDF, 0xBF]),
        UTF8Sample(name: "U+0800", bytes: [0xE0, 0xA0, 0x80]),
        UTF8Sample(name: "U+D7FF", bytes: [0xED, 0x9F, 0xBF]),
        UTF8Sample(name: "U+E000", bytes: [0xEE, 0x80, 0x80]),
        UTF8Sample(name: "U+FFFF", bytes: [0xEF, 0xBF, 0xBF]),
        UTF8Sample(name: "U+10000", bytes: [0xF0, 0x90, 0x80, 0x80]),
        UTF8Sample(name: "U+10FFFF", bytes: [0xF4, 0x8F, 0xBF, 0xBF]),
        UTF8Sample(name: "ASCII run longer than a word", bytes: Array("abcdefghijklmnopqrstuvwxyzé0123456789".utf8)),
    ]

    static let invalid = [
        UTF8Sample(name: "lone continuation byte", bytes: [0x80]),
        UTF8Sample(name: "continuation after ASCII run", bytes: Array("abcdefghij".utf8) + [0xBF]),
        UTF8Sample(name: "overlong NUL (C0 80)", bytes: [0xC0, 0x80]),
        UTF8Sample(name: "overlong C1", bytes: [0xC1, 0xBF]),
        UTF8Sample(name: "overlong three-byte", bytes: [0xE0, 0x9F, 0xBF]),
        UTF8Sample(name: "overlong four-byte", bytes: [0xF0, 0x8F, 0xBF, 0xBF]),
        UTF8Sample(name: "surrogate U+D800", bytes: [0xED, 0xA0, 0x80]),
        UTF8Sample(name: "surrogate U+DFFF", bytes: [0xED, 0xBF, 0xBF]),
        UTF8Sample(name: "above U+10FFFF", bytes: [0xF4, 0x90, 0x80, 0x80]),
        UTF8Sample(name: "F5 lead byte", bytes: [0xF5, 0x80, 0x80, 0x80]),
        UTF8Sample(name: "FE", bytes: [0xFE]),
        UTF8Sample(name: "FF", bytes: [0xFF]),
        UTF8Sample(name: "ASCII in place of a continuation", bytes: [0xC3, 0x41]),
        UTF8Sample(name: "truncated before a new lead byte", bytes: [0xE2, 0x82, 0xE2, 0x82, 0xAC]),
        UTF8Sample(
            name: "Autobahn 6.3.1 (invalid inside valid)",
            bytes: [
                0xCE, 0xBA, 0xE1, 0xBD, 0xB9, 0xCF, 0x83, 0xCE, 0xBC, 0xCE, 0xB5, 0xED, 0xA0, 0x80, 0x65, 0x64, 0x69,
                0x74, 0x65, 0x64,
            ]),
    ]

    @Test(arguments: valid)
    func acceptsValidUTF8(_ sample: UTF8Sample) {
        var validator = UTF8Validator()
        let accepted = validator.consume(sample.bytes)
        #expect(accepted)
        #expect(validator.isAtBoundary)
    }

    @Test(arguments: invalid)
    func rejectsInvalidUTF8(_ sample: UTF8Sample) {
        var validator = UTF8Validator()
        let accepted = validator.consume(sample.bytes)
        #expect(!accepted)
        #expect(String(validating: sample.bytes, as: UTF8.self) == nil, "Swift agrees the sample is invalid")
    }

    @Test(arguments: valid)
    func acceptsValidUTF8SplitAtEveryByte(_ sample: UTF8Sample) {
        var validator = UTF8Validator()
        let accepted = sample.bytes.allSatisfy { validator.consume([$0]) }
        #expect(accepted)
        #expect(validator.isAtBoundary)
    }

    @Test(arguments: invalid)
    func rejectsInvalidUTF8SplitAtEveryByte(_ sample: UTF8Sample) {
        var validator = UTF8Validator()
        let accepted = sample.bytes.allSatisfy { validator.consume([$0]) }
        #expect(!accepted)
    }

    @Test(arguments: [[0xC3], [0xE2, 0x82], [0xF0, 0x9F, 0x98]] as [[UInt8]])
    func aTruncatedSequenceIsNotAtABoundary(_ bytes: [UInt8]) {
        var validator = UTF8Validator()
        let accepted = validator.consume(bytes)
        #expect(accepted)
        #expect(!validator.isAtBoundary)
    }

    @Test func agreesWithSwiftOnEveryTwoByteSequence() {
        for first in UInt8(0x80)...0xFF {
            for second in UInt8(0)...0xFF {
                var validator = UTF8Validator()
                let valid = validator.consume([first, second]) && validator.isAtBoundary
                #expect(valid == (String(validating: [first, second], as: UTF8.self) != nil), "\(first) \(second)")
            }
        }
    }

    @Test func agreesWithSwiftOnThreeByteSequencesAfterEachLead() {
        for first in UInt8(0xE0)...0xF4 {
            for second in UInt8(0x70)...0xC0 {
                for third in [0x41, 0x80, 0xBF, 0xC0] as [UInt8] {
                    let bytes = [first, second, third] + (first >= 0xF0 ? [0x80] : [])
                    var validator = UTF8Validator()
                    let valid = validator.consume(bytes) && validator.isAtBoundary
                    #expect(valid == (String(validating: bytes, as: UTF8.self) != nil), "\(bytes)")
                }
            }
        }
    }
}
