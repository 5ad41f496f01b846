import Basics
import Foundation
import Testing

@testable import ContainerEngine

@Suite struct MultiplexedStreamDecoderTests {
    @Test func splitsFramesArrivingInPieces() throws {
        let bytes: [UInt8] =
            [1, 0, 0, 0, 0, 0, 0, 3] + Array("hi\n".utf8) + [2, 0, 0, 0, 0, 0, 0, 4] + Array("err\n".utf8)
        var decoder = MultiplexedStreamDecoder()
        var output = ProcessOutput()
        for byte in bytes {
            decoder.feed(ByteBuffer(bytes: [byte]))
            while let frame = try decoder.next() { output.append(frame) }
        }
        #expect(output.stdout == "hi\n")
        #expect(output.stderr == "err\n")
        #expect(decoder.pendingBytes == 0)
    }

    @Test func rejectsAnUnknownStream() {
        var decoder = MultiplexedStreamDecoder()
        decoder.feed(ByteBuffer(bytes: [7, 0, 0, 0, 0, 0, 0, 0]))
        #expect(throws: ContainerEngineError.self) { try decoder.next() }
    }

    @Test func waitsForAWholeFrame() throws {
        var decoder = MultiplexedStreamDecoder()
        decoder.feed(ByteBuffer(bytes: [1, 0, 0, 0, 0, 0, 1, 0] + [UInt8](repeating: 65, count: 200)))
        #expect(try decoder.next() == nil)
        decoder.feed(ByteBuffer(bytes: [UInt8](repeating: 65, count: 56)))
        #expect(try decoder.next()?.payload.count == 256)
    }
}

@Suite struct JSONLineSplitterTests {
    @Test func splitsLinesAcrossPieces() throws {
        var splitter = JSONLineSplitter()
        #expect(try splitter.feed(Array(#"{"a":1}"#.utf8) + Array("\n\r\n{\"b\"".utf8)) == [Array(#"{"a":1}"#.utf8)])
        #expect(try splitter.feed(Array(":2}".utf8)).isEmpty)
        #expect(splitter.finish() == Array(#"{"b":2}"#.utf8))
    }

    @Test func refusesAnEndlessLine() {
        var splitter = JSONLineSplitter(maxLineBytes: 10)
        #expect(throws: ContainerEngineError.self) { try splitter.feed([UInt8](repeating: 65, count: 11)) }
    }
}

@Suite struct EngineWireFormatTests {
    @Test func errorsCarryTheEngineMessageAndStatus() {
        let body = Array(
            #"{"cause":"no such container","message":"no container with name or ID \"x\" found","response":404}"#.utf8)
        let error = ContainerEngineError.fromResponse(status: 404, body: body, context: "GET /containers/x/json")
        #expect(error.code == .notFound)
        #expect(error.status == 404)
        #expect(error.message == #"no container with name or ID "x" found"#)
        #expect(ContainerEngineError.fromResponse(status: 409, body: [], context: "c").code == .conflict)
        #expect(
            ContainerEngineError.fromResponse(status: 500, body: Array("boom".utf8), context: "c").message == "boom")
    }

    @Test func containerSpecEncodesTheDockerFields() throws {
        let spec = ContainerSpec(
            image: "img", command: ["sh"], environment: ["A=1"], labels: ["k": "v"],
            mounts: [.init(source: "/h", target: "/c", readOnly: true)], userNamespace: .auto(),
            memoryBytes: 1 << 30, nanoCPUs: 1_000_000_000, pidsLimit: 100, networkMode: "slirp4netns")
        let json = try JSONSerialization.jsonObject(with: JSONEncoder().encode(spec)) as! [String: Any]
        let host = json["HostConfig"] as! [String: Any]
        #expect(json["Image"] as? String == "img")
        #expect(host["Binds"] as? [String] == ["/h:/c:ro"])
        #expect(host["UsernsMode"] as? String == "auto")
        #expect(host["PidsLimit"] as? Int == 100)
        #expect(host["NetworkMode"] as? String == "slirp4netns")
        let ulimits = host["Ulimits"] as! [[String: Any]]
        #expect(ulimits.map { $0["Name"] as? String } == ["nofile", "nproc"])
        #expect(ulimits.allSatisfy { $0["Hard"] as? Int == 20000 })
        #expect(
            ContainerSpec.UserNamespace.mapped(hostID: 100000, size: 65536).usernsMode
                == "auto:uidmapping=0:100000:65536,gidmapping=0:100000:65536")
    }
}
