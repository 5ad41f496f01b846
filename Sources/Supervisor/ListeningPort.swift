import Glibc

/// A TCP port some process in the workspace listens on, and the address it is bound to.
public struct ListeningPort: Sendable, Hashable, Codable, Comparable {
    /// The port number.
    public var port: UInt16
    /// The bound address as text: `0.0.0.0`, `127.0.0.1`, `::`, `::1`, `::ffff:127.0.0.1`, …
    public var address: String

    public init(port: UInt16, address: String) {
        self.port = port
        self.address = address
    }

    /// Whether the listener takes connections only from inside the workspace (reachable through a tunnel only).
    public var isLoopbackOnly: Bool {
        address == "::1" || address.hasPrefix("127.") || address.hasPrefix("::ffff:127.")
    }

    public static func < (lhs: ListeningPort, rhs: ListeningPort) -> Bool {
        (lhs.port, lhs.address) < (rhs.port, rhs.address)
    }
}

/// Parses the text of `/proc/net/tcp` and `/proc/net/tcp6` into listening ports.
///
/// Each line after the header reads `sl: LOCAL REMOTE STATE …`, where `LOCAL` is `HEXADDR:HEXPORT`. The address is
/// the kernel's in-memory bytes printed as 32-bit words in host byte order (little-endian here): `0100007F` is
/// 127.0.0.1. Only state `0A` (LISTEN) counts. Lines that do not parse are skipped, never fatal.
public enum ProcNetTCP {
    /// The listening ports in one table's text, IPv4 or IPv6 (told apart by the address length), sorted.
    public static func listeningPorts(in text: String) -> [ListeningPort] {
        var ports = Set<ListeningPort>()
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            guard fields.count >= 4, fields[0].hasSuffix(":"), fields[3] == "0A" else { continue }
            guard let port = parseLocal(fields[1]) else { continue }
            ports.insert(port)
        }
        return ports.sorted()
    }

    /// The listening ports of several tables (`tcp` and `tcp6`), merged and sorted.
    public static func listeningPorts(inTables tables: [String]) -> [ListeningPort] {
        Set(tables.flatMap { listeningPorts(in: $0) }).sorted()
    }

    private static func parseLocal(_ field: Substring) -> ListeningPort? {
        let parts = field.split(separator: ":")
        guard parts.count == 2, let port = UInt16(parts[1], radix: 16), port != 0 else { return nil }
        let hex = parts[0]
        guard hex.count == 8 || hex.count == 32, let bytes = networkOrderBytes(hex) else { return nil }
        return ListeningPort(port: port, address: render(bytes))
    }

    /// The address bytes in network order, from hex 32-bit words that print the kernel's little-endian memory.
    private static func networkOrderBytes(_ hex: Substring) -> [UInt8]? {
        var bytes: [UInt8] = []
        var index = hex.startIndex
        while index < hex.endIndex {
            let end = hex.index(index, offsetBy: 8)
            guard let word = UInt32(hex[index..<end], radix: 16) else { return nil }
            bytes += [UInt8(word & 0xFF), UInt8((word >> 8) & 0xFF), UInt8((word >> 16) & 0xFF), UInt8(word >> 24)]
            index = end
        }
        return bytes
    }

    private static func render(_ bytes: [UInt8]) -> String {
        if bytes.count == 4 { return bytes.map(String.init).joined(separator: ".") }
        var text = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        var address = in6_addr()
        withUnsafeMutableBytes(of: &address) { raw in
            for (index, byte) in bytes.enumerated() { raw[index] = byte }
        }
        guard inet_ntop(AF_INET6, &address, &text, socklen_t(text.count)) != nil else { return "::" }
        return String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
