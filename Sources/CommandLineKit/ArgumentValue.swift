/// A type that an option's or argument's text converts to, for `ParsedArguments.value(_:as:)`.
///
/// String-backed enums that are `CaseIterable` get the conversion for free: `extension Mode: ArgumentValue {}`.
public protocol ArgumentValue: Sendable {
    /// Converts the text, or returns nil when it does not fit.
    init?(argument: String)
    /// What would have been accepted, completing "expected …" in messages: `an integer`.
    static var expectedValue: String { get }
}

extension String: ArgumentValue {
    public init?(argument: String) { self = argument }
    public static var expectedValue: String { "a string" }
}

extension Int: ArgumentValue {
    public init?(argument: String) { self.init(argument) }
    public static var expectedValue: String { "an integer" }
}

extension Int64: ArgumentValue {
    public init?(argument: String) { self.init(argument) }
    public static var expectedValue: String { "an integer" }
}

extension UInt16: ArgumentValue {
    public init?(argument: String) { self.init(argument) }
    public static var expectedValue: String { "an integer from 0 to 65535" }
}

extension UInt64: ArgumentValue {
    public init?(argument: String) { self.init(argument) }
    public static var expectedValue: String { "a non-negative integer" }
}

extension Double: ArgumentValue {
    public init?(argument: String) {
        guard let value = Double(argument), value.isFinite else { return nil }
        self = value
    }
    public static var expectedValue: String { "a number" }
}

extension Bool: ArgumentValue {
    /// Accepts `true`, `false`, `yes`, `no`, `on`, `off`, `1` and `0`, in any case.
    public init?(argument: String) {
        switch argument.lowercased() {
        case "true", "yes", "on", "1": self = true
        case "false", "no", "off", "0": self = false
        default: return nil
        }
    }
    public static var expectedValue: String { "true or false" }
}

extension ArgumentValue where Self: RawRepresentable & CaseIterable, RawValue == String {
    public init?(argument: String) { self.init(rawValue: argument) }

    /// `one of 'logfmt', 'json'`
    public static var expectedValue: String {
        "one of " + allCases.map { "'\($0.rawValue)'" }.joined(separator: ", ")
    }
}
