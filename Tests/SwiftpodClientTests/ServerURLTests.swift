import SwiftpodClient
import Testing

@Suite struct ServerURLTests {
    @Test(arguments: [
        ("http://localhost:8080", "http://localhost:8080"), ("localhost:8080/", "http://localhost:8080"),
        ("  http://127.0.0.1:9000//", "http://127.0.0.1:9000"), ("HTTP://example.com", "HTTP://example.com"),
        ("https://swiftpod.example.com/", "https://swiftpod.example.com"),
    ])
    func normalizes(text: String, expected: String) throws {
        #expect(try ServerURL(text).text == expected)
    }

    @Test(arguments: [
        ("ftp://host", "unsupported scheme 'ftp'"),
        ("", "it is empty"), ("http://ada:secret@host", "credentials do not belong in the URL"),
        ("http://host/api/v1", "without a path"), ("http://host?x=1", "without a path or query"),
        ("http://", "the host is missing"), ("http://host:99999", "invalid server URL"),
    ])
    func refuses(text: String, reason: String) {
        #expect {
            try ServerURL(text)
        } throws: { error in
            let error = error as? APIClientError
            return error?.code == .invalidURL && error?.message.contains(reason) == true
        }
    }
}
