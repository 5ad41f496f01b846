import Foundation

/// Checks the `returnTo` of a sign-in redirect: a path on the same host, never a way off it.
///
/// Accepted: `/` followed by printable ASCII with no backslash, not starting with `//` or `/\`, and the same
/// after percent-decoding, with no decoded control characters (so no encoded CR/LF for header injection).
public enum ReturnPath {
    /// The longest `returnTo` accepted.
    public static let maximumLength = 2048

    /// `text` when it is a safe relative path, nil otherwise.
    public static func validated(_ text: String) -> String? {
        guard text.utf8.count <= maximumLength, text.hasPrefix("/"),
            text.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "\\") }),
            !text.hasPrefix("//"), let decoded = text.removingPercentEncoding
        else { return nil }
        guard !decoded.hasPrefix("//"), !decoded.hasPrefix("/\\"),
            !decoded.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F })
        else { return nil }
        return text
    }

    /// Percent-encodes `text` for a query parameter value.
    public static func queryEncoded(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: unreserved) ?? ""
    }

    private static let unreserved = CharacterSet(charactersIn: "-._~/").union(
        CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"))
}
