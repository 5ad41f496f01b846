import Foundation

/// The Debian mirror a machine's apt uses, read from its sources, so that debootstrap fetches from the same place.
public enum DebianMirror {
    /// Debian's own redirector, used when the sources name none.
    public static let fallback = "http://deb.debian.org/debian"

    /// The first `URIs` of a deb822 `.sources` file whose `Suites` include `suite`.
    public static func parse(deb822 text: String, suite: String) -> String? {
        for stanza in text.split(separator: "\n\n", omittingEmptySubsequences: true) {
            var fields: [String: String] = [:]
            for line in stanza.split(separator: "\n") where !line.hasPrefix("#") {
                guard let colon = line.firstIndex(of: ":") else { continue }
                let name = line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
                fields[name] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            }
            let types = (fields["types"] ?? "").split(separator: " ").map(String.init)
            let suites = (fields["suites"] ?? "").split(separator: " ").map(String.init)
            guard types.contains("deb"), suites.contains(suite),
                let uri = (fields["uris"] ?? "").split(separator: " ").first
            else { continue }
            return String(uri)
        }
        return nil
    }

    /// The URI of the first `deb URI SUITE ...` line of a one-line-style `sources.list` for `suite`.
    public static func parse(sourcesList text: String, suite: String) -> String? {
        for line in text.split(separator: "\n") {
            var words = line.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
            guard words.first == "deb" else { continue }
            words.removeFirst()
            if let options = words.first, options.hasPrefix("[") {
                // Skip `[arch=amd64 signed-by=...]`, which may span several words.
                while let word = words.first {
                    words.removeFirst()
                    if word.hasSuffix("]") { break }
                }
            }
            if words.count >= 2, words[1] == suite { return words[0] }
        }
        return nil
    }

    /// The mirror this machine's apt uses for `suite`: `/etc/apt/sources.list.d/debian.sources`, then
    /// `/etc/apt/sources.list`, then `fallback`.
    public static func current(suite: String, readFile: (String) -> String? = DebianMirror.readFile) -> String {
        if let text = readFile("/etc/apt/sources.list.d/debian.sources"), let uri = parse(deb822: text, suite: suite) {
            return uri
        }
        if let text = readFile("/etc/apt/sources.list"), let uri = parse(sourcesList: text, suite: suite) {
            return uri
        }
        return fallback
    }

    /// The text of a file, or nil when it cannot be read.
    public static func readFile(_ path: String) -> String? {
        try? String(contentsOfFile: path, encoding: .utf8)
    }
}
