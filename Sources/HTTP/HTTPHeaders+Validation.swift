extension HTTPHeaders {
    /// Whether `name` is a valid field name: a non-empty token (RFC 9110 §5.1).
    public static func isValidName(_ name: String) -> Bool {
        !name.utf8.isEmpty && name.utf8.allSatisfy(HTTPByte.isToken)
    }

    /// Whether `value` is a valid field value (RFC 9110 §5.5): no CR, LF, NUL or other control character but HTAB,
    /// and no whitespace at either end, which a recipient would strip.
    ///
    /// A server checks handler-produced values with it, so that no value can split a response.
    public static func isValidValue(_ value: String) -> Bool {
        let utf8 = value.utf8
        if let first = utf8.first, HTTPByte.isWhitespace(first) { return false }
        if let last = utf8.last, HTTPByte.isWhitespace(last) { return false }
        return !utf8.contains(where: HTTPByte.isForbiddenInValue)
    }

    /// Whether every field has a valid name and value.
    public var isValid: Bool {
        fields.allSatisfy { HTTPHeaders.isValidName($0.name) && HTTPHeaders.isValidValue($0.value) }
    }
}
