/// A workspace's inactivity timeout as `gp timeout` reads and writes it: Go's duration notation in hours, minutes
/// and seconds (`30m`, `2h`, `1h30m`), from one minute to Gitpod's longest, 24 hours. A pure value.
public struct TimeoutDuration: Sendable, Hashable, CustomStringConvertible {
    /// The shortest timeout: the reconciler checks once a minute.
    public static let minimum: Duration = .seconds(60)
    /// The longest timeout Gitpod allows.
    public static let maximum: Duration = .seconds(24 * 3600)
    /// What `gp timeout extend` sets, as Gitpod does: 180 minutes.
    public static let extended = TimeoutDuration(checked: .seconds(180 * 60))

    /// The timeout, whole seconds.
    public let duration: Duration

    private init(checked duration: Duration) {
        self.duration = duration
    }

    /// A stored or configured timeout, whatever its length (the default may be outside the bounds `gp` may set).
    public init(stored duration: Duration) {
        self.duration = .seconds(duration.components.seconds)
    }

    /// Parses `text` (`90m`, `1h30m`) and checks the bounds.
    /// - Throws: `TimeoutDurationError` saying what is wrong with the text.
    public init(parsing text: String) throws {
        var rest = Substring(text)
        var units: ArraySlice<(Character, Int64)> = [("h", 3600), ("m", 60), ("s", 1)]
        var seconds: Int64 = 0
        guard !rest.isEmpty else {
            throw TimeoutDurationError(message: "a timeout is needed, such as 30m, 2h or 1h30m")
        }
        while !rest.isEmpty {
            let digits = rest.prefix { $0.isASCII && $0.isNumber }
            guard !digits.isEmpty, digits.count <= 6, let number = Int64(digits),
                let unit = rest.dropFirst(digits.count).first,
                let index = units.firstIndex(where: { $0.0 == unit })
            else {
                throw TimeoutDurationError(
                    message: "'\(text)' is not a duration: use hours, minutes and seconds, such as 30m, 2h or 1h30m")
            }
            seconds += number * units[index].1
            units = units[(index + 1)...]
            rest = rest.dropFirst(digits.count + 1)
        }
        let duration = Duration.seconds(seconds)
        guard duration >= Self.minimum else {
            throw TimeoutDurationError(message: "a timeout of \(text) is too short: the shortest is 1m")
        }
        guard duration <= Self.maximum else {
            throw TimeoutDurationError(message: "a timeout of \(text) is too long: the longest is 24h")
        }
        self.init(checked: duration)
    }

    /// Go's notation without zero parts: `30m`, `2h`, `1h30m`, `45s`.
    public var description: String {
        let seconds = duration.components.seconds
        guard seconds > 0 else { return "0s" }
        var text = ""
        if seconds >= 3600 { text += "\(seconds / 3600)h" }
        if seconds % 3600 >= 60 { text += "\(seconds % 3600 / 60)m" }
        if seconds % 60 > 0 { text += "\(seconds % 60)s" }
        return text
    }

    /// In words, as Gitpod's `gp timeout set` prints it: `2 hours`, `90 minutes`, `45 seconds`.
    public var humanReadable: String {
        let seconds = duration.components.seconds
        func words(_ count: Int64, _ unit: String) -> String { "\(count) \(unit)\(count == 1 ? "" : "s")" }
        if seconds % 3600 == 0 { return words(seconds / 3600, "hour") }
        if seconds % 60 == 0 { return words(seconds / 60, "minute") }
        return words(seconds, "second")
    }
}

/// A timeout that `gp timeout set` cannot use, with what is wrong with it.
public struct TimeoutDurationError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
