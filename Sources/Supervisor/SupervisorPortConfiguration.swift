/// A configured port, or range of ports, as `.gitpod.yml` has it and the browser IDE reads it from `GET /ide/config`:
/// `{"port":3000,"name":"web","description":"…","onOpen":"notify","visibility":"private"}`, or `"range":[3000,3999]`
/// in place of `port`.
public struct SupervisorPortConfiguration: Codable, Sendable, Equatable {
    /// What happens when a service starts listening (Gitpod's `onOpen`).
    public enum OnOpen: String, Codable, Sendable, CaseIterable {
        case notify
        case openBrowser = "open-browser"
        case openPreview = "open-preview"
        case ignore
        /// Not announced, and not reachable through the supervisor's tunnel.
        case ignoreCompletely = "ignore-completely"
    }

    /// The port, when the entry names one.
    public var port: Int?
    /// The inclusive range `[from, to]`, when the entry names a range.
    public var range: [Int]?
    public var name: String?
    public var description: String?
    public var onOpen: OnOpen
    /// `private` or `public`.
    public var visibility: String

    public init(
        port: Int? = nil, range: ClosedRange<Int>? = nil, name: String? = nil, description: String? = nil,
        onOpen: OnOpen = .notify, visibility: String = "private"
    ) {
        self.port = port
        self.range = range.map { [$0.lowerBound, $0.upperBound] }
        self.name = name
        self.description = description
        self.onOpen = onOpen
        self.visibility = visibility
    }

    /// Whether the entry names `number`, alone or in its range.
    public func contains(_ number: Int) -> Bool {
        if port == number { return true }
        guard let range, range.count == 2 else { return false }
        return range[0] <= number && number <= range[1]
    }
}
