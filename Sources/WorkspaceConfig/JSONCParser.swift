import YAML

/// Reads JSON with comments (`//`, `/* */`) and trailing commas, as devcontainer.json allows, into the same node
/// tree as YAML, so that every value keeps its line and column.
///
/// Strings become double-quoted scalars; numbers, `true`, `false` and `null` become plain scalars.
struct JSONCParser {
    /// Why the text is not JSON: what was expected and where.
    struct SyntaxError: Error, Equatable {
        var message: String
        var line: Int
        var column: Int
    }

    private let bytes: [UInt8]
    private var offset = 0
    private var line = 1
    private var column = 1
    private var depth = 0
    private let depthLimit = 200

    init(_ text: String) {
        bytes = Array(text.utf8)
    }

    /// Reads the whole text as one value.
    static func parse(_ text: String) throws(SyntaxError) -> YAMLNode {
        var parser = JSONCParser(text)
        let value = try parser.parseValue()
        try parser.skipTrivia()
        if parser.offset < parser.bytes.count {
            throw parser.error("unexpected text after the closing bracket")
        }
        return value
    }

    // MARK: Values

    private mutating func parseValue() throws(SyntaxError) -> YAMLNode {
        try skipTrivia()
        guard let byte = peek() else { throw error("the file ends where a value was expected") }
        let (startLine, startColumn) = (line, column)
        switch byte {
        case UInt8(ascii: "{"):
            return YAMLNode(.mapping(try parseObject()), line: startLine, column: startColumn)
        case UInt8(ascii: "["):
            return YAMLNode(.sequence(try parseArray()), line: startLine, column: startColumn)
        case UInt8(ascii: "\""):
            let text = try parseString()
            return YAMLNode(.scalar(YAMLScalar(text, style: .doubleQuoted)), line: startLine, column: startColumn)
        default:
            var word: [UInt8] = []
            while let next = peek(), Self.isWordByte(next) {
                word.append(next)
                advance()
            }
            let text = String(decoding: word, as: UTF8.self)
            guard ["true", "false", "null"].contains(text) || Self.isNumber(text) else {
                line = startLine
                column = startColumn
                throw error(
                    text.isEmpty ? "unexpected character where a value was expected" : "invalid value '\(text)'")
            }
            return YAMLNode(.scalar(YAMLScalar(text)), line: startLine, column: startColumn)
        }
    }

    private mutating func parseObject() throws(SyntaxError) -> [YAMLMappingEntry] {
        try enter()
        defer { depth -= 1 }
        advance()
        var entries: [YAMLMappingEntry] = []
        while true {
            try skipTrivia()
            if peek() == UInt8(ascii: "}") {
                advance()
                return entries
            }
            guard peek() == UInt8(ascii: "\"") else { throw error("expected a quoted key or '}'") }
            let (keyLine, keyColumn) = (line, column)
            let key = try parseString()
            try skipTrivia()
            guard peek() == UInt8(ascii: ":") else { throw error("expected ':' after the key '\(key)'") }
            advance()
            let value = try parseValue()
            let keyNode = YAMLNode(.scalar(YAMLScalar(key, style: .doubleQuoted)), line: keyLine, column: keyColumn)
            entries.append(YAMLMappingEntry(key: keyNode, value: value))
            try skipTrivia()
            if peek() == UInt8(ascii: ",") {
                advance()
            } else if peek() != UInt8(ascii: "}") {
                throw error("expected ',' or '}' after the value of '\(key)'")
            }
        }
    }

    private mutating func parseArray() throws(SyntaxError) -> [YAMLNode] {
        try enter()
        defer { depth -= 1 }
        advance()
        var items: [YAMLNode] = []
        while true {
            try skipTrivia()
            if peek() == UInt8(ascii: "]") {
                advance()
                return items
            }
            items.append(try parseValue())
            try skipTrivia()
            if peek() == UInt8(ascii: ",") {
                advance()
            } else if peek() != UInt8(ascii: "]") {
                throw error("expected ',' or ']' after an array item")
            }
        }
    }

    private mutating func parseString() throws(SyntaxError) -> String {
        advance()
        var scalars: [UInt8] = []
        while true {
            guard let byte = peek() else { throw error("the file ends inside a string") }
            if byte == UInt8(ascii: "\"") {
                advance()
                return String(decoding: scalars, as: UTF8.self)
            }
            if byte == UInt8(ascii: "\n") { throw error("a string must end on its line") }
            advance()
            guard byte == UInt8(ascii: "\\") else {
                scalars.append(byte)
                continue
            }
            guard let escaped = peek() else { throw error("the file ends inside a string") }
            advance()
            switch escaped {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): scalars.append(escaped)
            case UInt8(ascii: "n"): scalars.append(UInt8(ascii: "\n"))
            case UInt8(ascii: "t"): scalars.append(UInt8(ascii: "\t"))
            case UInt8(ascii: "r"): scalars.append(UInt8(ascii: "\r"))
            case UInt8(ascii: "b"): scalars.append(8)
            case UInt8(ascii: "f"): scalars.append(12)
            case UInt8(ascii: "u"):
                var code = try parseHex4()
                if (0xD800..<0xDC00).contains(code), peek() == UInt8(ascii: "\\") {
                    advance()
                    guard peek() == UInt8(ascii: "u") else { throw error("invalid escape after a high surrogate") }
                    advance()
                    let low = try parseHex4()
                    code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                }
                let scalar = Unicode.Scalar(code) ?? "\u{FFFD}"
                scalars.append(contentsOf: Array(String(Character(scalar)).utf8))
            default: throw error("invalid escape '\\\(Character(Unicode.Scalar(escaped)))' in a string")
            }
        }
    }

    private mutating func parseHex4() throws(SyntaxError) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard let byte = peek(), let digit = Character(Unicode.Scalar(byte)).hexDigitValue else {
                throw error("expected four hex digits after '\\u'")
            }
            value = value * 16 + UInt32(digit)
            advance()
        }
        return value
    }

    // MARK: Trivia and position

    private mutating func skipTrivia() throws(SyntaxError) {
        while let byte = peek() {
            if byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\n")
                || byte == UInt8(ascii: "\r") || byte == 0xEF || byte == 0xBB || byte == 0xBF
            {
                advance()
            } else if byte == UInt8(ascii: "/"), peek(at: 1) == UInt8(ascii: "/") {
                while let next = peek(), next != UInt8(ascii: "\n") { advance() }
            } else if byte == UInt8(ascii: "/"), peek(at: 1) == UInt8(ascii: "*") {
                let (startLine, startColumn) = (line, column)
                advance()
                advance()
                while !(peek() == UInt8(ascii: "*") && peek(at: 1) == UInt8(ascii: "/")) {
                    guard peek() != nil else {
                        line = startLine
                        column = startColumn
                        throw error("a '/*' comment is never closed")
                    }
                    advance()
                }
                advance()
                advance()
            } else {
                return
            }
        }
    }

    private mutating func enter() throws(SyntaxError) {
        depth += 1
        if depth > depthLimit { throw error("nested more than \(depthLimit) levels deep") }
    }

    private func peek(at distance: Int = 0) -> UInt8? {
        offset + distance < bytes.count ? bytes[offset + distance] : nil
    }

    private mutating func advance() {
        let byte = bytes[offset]
        offset += 1
        if byte == UInt8(ascii: "\n") {
            line += 1
            column = 1
        } else if byte & 0xC0 != 0x80 {
            column += 1
        }
    }

    private func error(_ message: String) -> SyntaxError {
        SyntaxError(message: message, line: line, column: column)
    }

    private static func isWordByte(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
            || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
            || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "-")
            || byte == UInt8(ascii: "+") || byte == UInt8(ascii: ".")
    }

    private static func isNumber(_ text: String) -> Bool {
        guard let first = text.first, first == "-" || first.isNumber else { return false }
        return Double(text) != nil
    }
}
