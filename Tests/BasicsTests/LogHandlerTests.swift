import Basics
import Foundation
import Synchronization
import Testing

@Suite("Log handlers and level filtering")
struct LogHandlerTests {
    @Test("A logger keeps records at or above its level", arguments: LogLevel.allCases)
    func levelFiltering(threshold: LogLevel) {
        let handler = CapturingLogHandler()
        let logger = handler.logger(label: "test", level: threshold)
        for level in LogLevel.allCases {
            logger.log(level, "\(level)")
        }
        let expected = LogLevel.allCases.filter { $0 >= threshold }
        #expect(handler.records.map(\.level) == expected)
        #expect(handler.messages == expected.map(\.description))
    }

    @Test("The call's metadata is merged over the logger's")
    func metadataMerging() throws {
        let handler = CapturingLogHandler()
        let logger = handler.logger(label: "swiftpod.workspace").with("workspace.id", "ws-1").with("phase", "pending")
        logger.info("started", ["phase": "running", "instance.id": "i-1"])
        let record = try #require(handler.records.first)
        #expect(record.metadata == ["workspace.id": "ws-1", "phase": "running", "instance.id": "i-1"])
        #expect(record.label == "swiftpod.workspace")
        handler.removeAll()
        #expect(handler.records.isEmpty)
    }

    @Test("A stream handler hands the sink one whole line at a time, newline included")
    func streamHandlerLines() {
        let lines = Mutex<[String]>([])
        let handler = StreamLogHandler(format: .logfmt) { line in lines.withLock { $0.append(line) } }
        let logger = Logger(label: "swiftpod", handler: handler)
        logger.info("one", ["k": "v"])
        logger.debug("dropped")
        logger.warning("two words")
        let written = lines.withLock { $0 }
        #expect(written.count == 2)
        #expect(written.allSatisfy { $0.hasSuffix("\n") && $0.hasPrefix("time=") })
        #expect(written[0].hasSuffix(#"level=info label=swiftpod msg="one" k=v"# + "\n"))
        #expect(written[1].hasSuffix(#"level=warning label=swiftpod msg="two words""# + "\n"))
        #expect(handler.format == .logfmt)
    }

    @Test("Concurrent loggers never enter the sink together, and every line arrives whole")
    func streamHandlerSerializes() async throws {
        let inside = Atomic<Int>(0)
        let overlaps = Atomic<Int>(0)
        let lines = Mutex<[String]>([])
        let handler = StreamLogHandler(format: .json) { line in
            if inside.add(1, ordering: .sequentiallyConsistent).newValue > 1 {
                overlaps.add(1, ordering: .relaxed)
            }
            lines.withLock { $0.append(line) }
            inside.subtract(1, ordering: .sequentiallyConsistent)
        }
        let logger = Logger(label: "swiftpod", handler: handler)
        await withTaskGroup(of: Void.self) { group in
            for task in 0..<8 {
                group.addTask {
                    for index in 0..<250 {
                        logger.info("message \(index)", ["task": "\(task)"])
                    }
                }
            }
        }
        #expect(overlaps.load(ordering: .relaxed) == 0)
        let written = lines.withLock { $0 }
        #expect(written.count == 2000)
        for line in written {
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: String]
            #expect(object?["label"] == "swiftpod")
        }
    }

    @Test("The capturing handler keeps every record from concurrent tasks")
    func capturingConcurrently() async {
        let handler = CapturingLogHandler()
        let logger = handler.logger()
        await withTaskGroup(of: Void.self) { group in
            for task in 0..<10 {
                group.addTask {
                    for index in 0..<100 { logger.trace("\(task)-\(index)") }
                }
            }
        }
        #expect(handler.records.count == 1000)
        #expect(Set(handler.messages).count == 1000)
    }
}
