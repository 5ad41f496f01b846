import Glibc

/// Checks on the host part of a context URL: that it is a host name or an IP literal, and whether it is local.
enum HostName {
    /// Why `host` (lower case, IPv6 without brackets) is not acceptable at all, or nil when it is a proper DNS name
    /// or a canonical IP literal. Numeric forms that resolvers read as addresses (`2130706433`, `0x7f.1`, `127.1`)
    /// are refused, because they would slip past the check for local addresses.
    static func problem(with host: String, isBracketed: Bool) -> String? {
        if host.isEmpty { return "the host is empty" }
        if isBracketed {
            return ipv6Bytes(host) == nil ? "'[\(host)]' is not an IPv6 address" : nil
        }
        if ipv4Bytes(host) != nil { return nil }
        guard host.utf8.count <= 253 else { return "the host name is longer than 253 characters" }
        guard host.unicodeScalars.allSatisfy(\.isASCII) else {
            return "the host '\(host)' is not ASCII; write it in punycode (xn--…)"
        }
        let labels = host.split(separator: ".", omittingEmptySubsequences: false)
        for label in labels {
            guard !label.isEmpty, label.utf8.count <= 63 else {
                return "'\(host)' is not a host name (empty or over-long label)"
            }
            guard label.utf8.allSatisfy({ isLetterOrDigit($0) || $0 == UInt8(ascii: "-") }) else {
                return "'\(host)' is not a host name (only letters, digits, '-' and '.' are allowed)"
            }
            guard label.first != "-", label.last != "-" else {
                return "'\(host)' is not a host name (a label starts or ends with '-')"
            }
        }
        if let last = labels.last, let first = last.utf8.first, (48...57).contains(first) {
            return "'\(host)' looks like a numeric address but is not a dotted IPv4 address"
        }
        return nil
    }

    /// Whether `host` may appear in a `--git-host HOST=KIND` declaration: a host name with an optional `:port`.
    static func isValidDeclaredHost(_ host: String) -> Bool {
        var name = Substring(host)
        if let colon = host.lastIndex(of: ":"), !host.hasPrefix("[") {
            guard let port = Int(host[host.index(after: colon)...]), (1...65535).contains(port) else { return false }
            name = host[..<colon]
        }
        return problem(with: String(name), isBracketed: false) == nil
    }

    /// Why `host` counts as local (loopback, private network, link-local, `localhost`), or nil when it is public.
    static func localReason(_ host: String) -> String? {
        if host == "localhost" || host.hasSuffix(".localhost") || host == "localhost.localdomain" {
            return "'\(host)' is this machine"
        }
        if let bytes = ipv4Bytes(host) {
            return ipv4LocalReason(bytes).map { "\(host) is \($0)" }
        }
        if let bytes = ipv6Bytes(host) {
            return ipv6LocalReason(bytes).map { "[\(host)] is \($0)" }
        }
        return nil
    }

    private static func ipv4LocalReason(_ b: [UInt8]) -> String? {
        switch (b[0], b[1]) {
        case (0, _): "an unspecified address (0.0.0.0/8)"
        case (127, _): "a loopback address (127.0.0.0/8)"
        case (10, _): "a private-network address (10.0.0.0/8)"
        case (172, 16...31): "a private-network address (172.16.0.0/12)"
        case (192, 168): "a private-network address (192.168.0.0/16)"
        case (169, 254): "a link-local address (169.254.0.0/16)"
        default: nil
        }
    }

    private static func ipv6LocalReason(_ b: [UInt8]) -> String? {
        if b[0..<15].allSatisfy({ $0 == 0 }) {
            return b[15] == 1 ? "the loopback address (::1)" : (b[15] == 0 ? "the unspecified address (::)" : nil)
        }
        if b[0..<10].allSatisfy({ $0 == 0 }), b[10] == 0xff, b[11] == 0xff {
            return ipv4LocalReason(Array(b[12...])).map { "an IPv4-mapped address, \($0)" }
        }
        if b[0] & 0xfe == 0xfc { return "a unique local address (fc00::/7)" }
        if b[0] == 0xfe, b[1] & 0xc0 == 0x80 { return "a link-local address (fe80::/10)" }
        if b[0] == 0xfe, b[1] & 0xc0 == 0xc0 { return "a site-local address (fec0::/10)" }
        return nil
    }

    /// The four bytes of a canonical dotted-decimal IPv4 address (no leading zeros, no short forms).
    static func ipv4Bytes(_ text: String) -> [UInt8]? {
        var address = in_addr()
        guard inet_pton(AF_INET, text, &address) == 1 else { return nil }
        return withUnsafeBytes(of: &address) { Array($0) }
    }

    /// The sixteen bytes of an IPv6 address.
    static func ipv6Bytes(_ text: String) -> [UInt8]? {
        guard !text.contains("%") else { return nil }
        var address = in6_addr()
        guard inet_pton(AF_INET6, text, &address) == 1 else { return nil }
        return withUnsafeBytes(of: &address) { Array($0) }
    }

    private static func isLetterOrDigit(_ byte: UInt8) -> Bool {
        (48...57).contains(byte) || (97...122).contains(byte) || (65...90).contains(byte)
    }
}
