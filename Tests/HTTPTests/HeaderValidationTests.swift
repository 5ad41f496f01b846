import Testing

@testable import HTTP

@Suite("Header validation")
struct HeaderValidationTests {
    @Test("valid names are tokens", arguments: ["Host", "x-request-id", "X_Y", "a", "!#$%&'*+-.^_`|~09AZaz"])
    func validNames(_ name: String) {
        #expect(HTTPHeaders.isValidName(name))
    }

    @Test(
        "invalid names are refused",
        arguments: [
            "", "Bad Name", "Bad:Name", "Bad\r\nName", "Tab\tName", "(x)", "a/b", "a\"b", "Ä", "a\u{0}", "a@b", "[a]",
        ]
    )
    func invalidNames(_ name: String) {
        #expect(!HTTPHeaders.isValidName(name))
    }

    @Test(
        "valid values",
        arguments: ["", "text/html", "a b", "a\tb", "\"quoted\"", "caf\u{E9}", "x=1; y=2", "~!@#$%^&*()"])
    func validValues(_ value: String) {
        #expect(HTTPHeaders.isValidValue(value))
    }

    @Test(
        "values that could split a message or would be changed are refused",
        arguments: [
            "a\r\nSet-Cookie: x=1", "a\rb", "a\nb", "a\u{0}b", "a\u{7F}", "\u{1B}[31m", " leading", "trailing ",
            "\tleading", "trailing\t",
        ]
    )
    func invalidValues(_ value: String) {
        #expect(!HTTPHeaders.isValidValue(value))
    }

    @Test("a header list is valid only when every field is")
    func wholeList() {
        let valid: HTTPHeaders = ["A": "1", "B": "2"]
        let splitting: HTTPHeaders = ["A": "1", "B": "2\r\nX: y"]
        let badName: HTTPHeaders = ["A B": "1"]
        #expect(valid.isValid)
        #expect(!splitting.isValid)
        #expect(!badName.isValid)
    }

    @Test("the token byte class matches RFC 9110 for all 256 bytes")
    func tokenClass() {
        let tchar = Set("!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ".utf8)
        for byte in UInt8.min...UInt8.max {
            #expect(HTTPByte.isToken(byte) == tchar.contains(byte), "byte \(byte)")
        }
    }

    @Test("the forbidden field-value byte class is CTLs but HTAB, and DEL")
    func valueClass() {
        for byte in UInt8.min...UInt8.max {
            let forbidden = (byte < 0x20 && byte != 0x09) || byte == 0x7F
            #expect(HTTPByte.isForbiddenInValue(byte) == forbidden, "byte \(byte)")
        }
    }

    @Test("hex digits decode, everything else does not")
    func hexDigits() {
        let digits = Array("0123456789abcdef".utf8)
        for byte in UInt8.min...UInt8.max {
            let lower = (byte >= 0x41 && byte <= 0x5A) ? byte | 0x20 : byte
            #expect(HTTPByte.hexValue(byte) == digits.firstIndex(of: lower), "byte \(byte)")
        }
    }
}
