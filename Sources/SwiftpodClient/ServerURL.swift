import Foundation

/// The base URL of a Swiftpod server, checked and normalized: `http://host[:port]` or `https://host[:port]` (the
/// certificate checked against the system's trusted roots), with no path, query or credentials. A URL given without
/// a scheme gets `http://`.
public struct ServerURL: Sendable, Hashable, CustomStringConvertible {
    /// The normalized URL, without a trailing slash: `http://localhost:8080`.
    public let text: String

    /// - Throws: `APIClientError` `.invalidURL` naming what is wrong with `text`.
    public init(_ text: String) throws {
        var candidate = text.trimmingCharacters(in: .whitespaces)
        guard !candidate.isEmpty else { throw APIClientError.invalidURL(text, "it is empty") }
        if !candidate.contains("://") { candidate = "http://" + candidate }
        while candidate.hasSuffix("/") { candidate.removeLast() }
        guard let components = URLComponents(string: candidate), let scheme = components.scheme?.lowercased() else {
            throw APIClientError.invalidURL(text, "expected http://host[:port]")
        }
        guard scheme == "http" || scheme == "https" else {
            throw APIClientError.invalidURL(text, "unsupported scheme '\(scheme)': expected http://host[:port]")
        }
        guard let host = components.host, !host.isEmpty else {
            throw APIClientError.invalidURL(text, "the host is missing")
        }
        guard components.user == nil, components.password == nil else {
            throw APIClientError.invalidURL(text, "credentials do not belong in the URL: use 'swiftpod login'")
        }
        guard components.path.isEmpty, components.query == nil, components.fragment == nil else {
            throw APIClientError.invalidURL(text, "expected only http://host[:port], without a path or query")
        }
        if let port = components.port, !(1...65535).contains(port) {
            throw APIClientError.invalidURL(text, "the port must be a number from 1 to 65535")
        }
        self.text = candidate
    }

    public var description: String { text }
}
