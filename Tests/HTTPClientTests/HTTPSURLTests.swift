import HTTPClient
import NetIO
import Testing

/// `https://` URLs into TLS endpoints; no I/O (the hosts are literals or `localhost`).
@Suite struct HTTPSURLTests {
    @Test(arguments: [
        (
            "https://localhost/x?y=1", SocketAddress.ipv4(host: "127.0.0.1", port: 443), "localhost", "/x?y=1",
            "localhost"
        ),
        ("https://127.0.0.1:8443", .ipv4(host: "127.0.0.1", port: 8443), "127.0.0.1", "/", "127.0.0.1:8443"),
        ("https://[::1]/a#b", .ipv6(host: "::1", port: 443), "::1", "/a", "[::1]"),
        ("https://[::1]:9443?q", .ipv6(host: "::1", port: 9443), "::1", "/?q", "[::1]:9443"),
        ("HTTPS://LocalHost:444/p", .ipv4(host: "127.0.0.1", port: 444), "localhost", "/p", "LocalHost:444"),
    ])
    func parsesHTTPSURLs(url: String, address: SocketAddress, serverName: String, target: String, host: String) throws {
        let parsed = try HTTPEndpoint.parse(url: url)
        #expect(parsed.endpoint == .tls(address, serverName: serverName))
        #expect(parsed.target == target)
        #expect(parsed.host == host)
    }

    @Test func plainHTTPURLsStayTCPAndTakeIPv6Literals() throws {
        #expect(try HTTPEndpoint.parse(url: "http://127.0.0.1/").endpoint == .tcp(.ipv4(host: "127.0.0.1", port: 80)))
        #expect(try HTTPEndpoint.parse(url: "http://[::1]/").endpoint == .tcp(.ipv6(host: "::1", port: 80)))
        #expect(try HTTPEndpoint.parse(url: "http://[::1]:8080/").endpoint == .tcp(.ipv6(host: "::1", port: 8080)))
    }

    @Test(arguments: [
        "https://[::1/", "https://[::1]x/", "https://localhost:0/", "https://localhost:65536/", "https://:443/",
        "https://localhost:https/", "https://user@localhost/",
    ])
    func refusesBadHTTPSURLs(url: String) {
        let error = #expect(throws: HTTPClientError.self) { try HTTPEndpoint.parse(url: url) }
        #expect(error?.code == .invalidURL)
        #expect(error?.message.contains(url) == true)
    }

    @Test func theServerNameIsPartOfTheEndpointSoPoolsKeepThemApart() {
        let address = SocketAddress.ipv4(host: "127.0.0.1", port: 443)
        #expect(HTTPEndpoint.tls(address, serverName: "a.example") != .tls(address, serverName: "b.example"))
        #expect(HTTPEndpoint.tls(address, serverName: "a.example") != .tcp(address))
    }
}
