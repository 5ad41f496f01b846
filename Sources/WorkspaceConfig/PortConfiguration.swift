/// A port, or a range of ports, and what happens when a service listens on it.
public struct PortConfiguration: Sendable, Equatable {
    /// One port or an inclusive range.
    public enum Ports: Sendable, Equatable {
        case single(Int)
        case range(ClosedRange<Int>)
    }

    /// What to do when a service starts listening (`onOpen`).
    public enum OnOpen: String, Sendable, CaseIterable {
        case openBrowser = "open-browser"
        case openPreview = "open-preview"
        case notify
        case ignore
        case ignoreCompletely = "ignore-completely"
    }

    /// Who may reach the port.
    public enum Visibility: String, Sendable, CaseIterable {
        case `private`, `public`
    }

    /// The protocol the port speaks.
    public enum PortProtocol: String, Sendable, CaseIterable {
        case http, https
    }

    /// The port or ports.
    public var ports: Ports
    /// What to do when a service starts listening; `notify` by default.
    public var onOpen: OnOpen = .notify
    /// Who may reach the port; `private` by default.
    public var visibility: Visibility = .private
    /// A name shown in the IDE.
    public var name: String?
    /// A description shown in the IDE.
    public var description: String?
    /// The protocol; nil for HTTP.
    public var `protocol`: PortProtocol?

    /// A port with the default settings.
    public init(_ ports: Ports) {
        self.ports = ports
    }

    /// Reads `1337`, `3000-3999` or `3000:3999`; nil when the text is none of these or a port is out of range.
    public static func parsePorts(_ text: String) -> Ports? {
        let isDigits: (Substring) -> Bool = { !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isNumber } }
        let whole = Substring(text)
        if isDigits(whole) {
            guard let port = Int(whole), (1...65535).contains(port) else { return nil }
            return .single(port)
        }
        let parts =
            text.split(separator: "-", omittingEmptySubsequences: false).count == 2
            ? text.split(separator: "-", omittingEmptySubsequences: false)
            : text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, isDigits(parts[0]), isDigits(parts[1]),
            let from = Int(parts[0]), let to = Int(parts[1]),
            (1...65535).contains(from), (1...65535).contains(to), from <= to
        else { return nil }
        return .range(from...to)
    }
}
