import Foundation

/// How long a new access token lasts: a number of minutes, hours or days, or forever.
///
/// Written `90m`, `12h`, `30d` or `never` on command lines and in the API.
public enum CredentialLifetime: Sendable, Hashable, CustomStringConvertible {
    /// The token never expires.
    case never
    /// The token expires this many seconds after it is created.
    case seconds(Int)

    /// The longest finite lifetime: ten years.
    public static let maximumSeconds = 3650 * 86_400

    /// Parses `90m`, `12h`, `30d` or `never`.
    /// - Throws: `AuthError` `.invalidArgument` naming what is wrong with `text`.
    public init(parsing text: String) throws(AuthError) {
        if text == "never" {
            self = .never
            return
        }
        let units: [Character: Int] = ["m": 60, "h": 3600, "d": 86_400]
        guard let unit = text.last, let seconds = units[unit], text.count >= 2, text.count <= 8,
            text.dropLast().allSatisfy({ $0.isASCII && $0.isNumber }), let count = Int(text.dropLast())
        else {
            throw .invalidArgument(
                "invalid lifetime '\(text)': expected a number of minutes, hours or days such as 90m, 12h or 30d, "
                    + "or 'never'")
        }
        guard count > 0 else { throw .invalidArgument("invalid lifetime '\(text)': it must be longer than zero") }
        let total = count.multipliedReportingOverflow(by: seconds)
        guard !total.overflow, total.partialValue <= Self.maximumSeconds else {
            throw .invalidArgument("invalid lifetime '\(text)': it must be at most 3650d (ten years)")
        }
        self = .seconds(total.partialValue)
    }

    /// When a credential created at `date` expires; nil for never.
    public func expiry(from date: Date) -> Date? {
        switch self {
        case .never: nil
        case .seconds(let seconds): date.addingTimeInterval(TimeInterval(seconds))
        }
    }

    public var description: String {
        switch self {
        case .never: return "never"
        case .seconds(let seconds):
            if seconds.isMultiple(of: 86_400) { return "\(seconds / 86_400)d" }
            if seconds.isMultiple(of: 3600) { return "\(seconds / 3600)h" }
            return seconds.isMultiple(of: 60) ? "\(seconds / 60)m" : "\(seconds)s"
        }
    }
}
