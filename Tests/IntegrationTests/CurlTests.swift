import Basics
import Foundation
import TestSupport
import Testing

/// Swiftpod's server as a real client sees it: curl.
@Suite struct CurlTests {
    @Test func keepAliveReusesTheConnection() async throws {
        let server = try await RunningServer.start(integrationRouter())
        defer { Task { await server.stop() } }
        let result = try await curl(["--verbose", "\(server.url)/hello", "\(server.url)/hello"])
        #expect(result.status == 0)
        #expect(result.standardOutput == "hellohello")
        #expect(result.standardError.contains("Re-using existing connection"))
        #expect(result.standardError.components(separatedBy: "Connected to").count == 2)
    }

    @Test func chunkedUploadIsEchoed() async throws {
        let server = try await RunningServer.start(integrationRouter())
        defer { Task { await server.stop() } }
        let directory = try TemporaryDirectory()
        let payload = (0..<300_000).map { UInt8(truncatingIfNeeded: $0 % 253) }
        let file = directory.path + "/payload.bin"
        try Data(payload).write(to: URL(fileURLWithPath: file))
        let output = directory.path + "/out.bin"
        let result = try await curl([
            "--header", "Transfer-Encoding: chunked", "--data-binary", "@\(file)", "--output", output,
            "--write-out", "%{http_code}", "\(server.url)/echo",
        ])
        #expect(result.status == 0)
        #expect(result.standardOutput == "200")
        #expect(try Data(contentsOf: URL(fileURLWithPath: output)) == Data(payload))
    }

    @Test func largeUploadWithExpectContinue() async throws {
        let server = try await RunningServer.start(integrationRouter())
        defer { Task { await server.stop() } }
        let directory = try TemporaryDirectory()
        let file = directory.path + "/big.bin"
        try Data(count: 5 << 20).write(to: URL(fileURLWithPath: file))
        let result = try await curl([
            "--verbose", "--upload-file", file, "--header", "Expect: 100-continue", "\(server.url)/count",
        ])
        #expect(result.status == 0)
        #expect(result.standardOutput == String(5 << 20))
        #expect(result.standardError.contains("HTTP/1.1 100 Continue"))
    }

    @Test func http10GetsAnAnswerAndAClose() async throws {
        let server = try await RunningServer.start(integrationRouter())
        defer { Task { await server.stop() } }
        let result = try await curl(["--http1.0", "--include", "\(server.url)/stream"])
        #expect(result.status == 0)
        #expect(result.standardOutput.hasPrefix("HTTP/1.1 200 OK"))
        #expect(result.standardOutput.contains("Connection: close"))
        #expect(!result.standardOutput.contains("chunked"))
        #expect(result.standardOutput.hasSuffix("line 0\nline 1\nline 2\n"))
    }

    @Test func headShowsHeadersOnly() async throws {
        let server = try await RunningServer.start(integrationRouter())
        defer { Task { await server.stop() } }
        let result = try await curl(["--head", "\(server.url)/hello"])
        #expect(result.status == 0)
        #expect(result.standardOutput.contains("Content-Length: 5"))
        #expect(!result.standardOutput.contains("hello"))
    }
}
