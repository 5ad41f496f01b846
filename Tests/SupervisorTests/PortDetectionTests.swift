import Glibc
import Supervisor
import Synchronization
import TestSupport
import Testing

private let header =
    "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n"

private func line(_ local: String, state: String = "0A", remote: String = "00000000:0000") -> String {
    "   0: \(local) \(remote) \(state) 00000000:00000000 00:00000000 00000000     0        0 12345 1 0000 100 0 0 10 0\n"
}

private let zero6 = "00000000000000000000000000000000"

@Suite struct PortDetectionTests {
    @Test(arguments: [
        ("0100007F:1F90", ListeningPort(port: 8080, address: "127.0.0.1")),
        ("00000000:0BB8", ListeningPort(port: 3000, address: "0.0.0.0")),
        ("0101A8C0:0016", ListeningPort(port: 22, address: "192.168.1.1")),
        ("\(zero6):1F90", ListeningPort(port: 8080, address: "::")),
        ("00000000000000000000000001000000:0050", ListeningPort(port: 80, address: "::1")),
        ("0000000000000000FFFF00000100007F:1388", ListeningPort(port: 5000, address: "::ffff:127.0.0.1")),
        ("0000000000000000FFFF000000000000:1389", ListeningPort(port: 5001, address: "::ffff:0.0.0.0")),
        ("B80D0120000000000000000001000000:01BB", ListeningPort(port: 443, address: "2001:db8::1")),
    ])
    func parsesOneListener(local: String, expected: ListeningPort) {
        #expect(ProcNetTCP.listeningPorts(in: header + line(local)) == [expected])
    }

    @Test(arguments: ["01", "02", "06", "08", "0B", "0a", ""])
    func onlyListenStateCounts(state: String) {
        #expect(ProcNetTCP.listeningPorts(in: header + line("0100007F:1F90", state: state)).isEmpty)
    }

    @Test(arguments: [
        "", "garbage", "0: 0100007F 00000000:0000 0A", "0: 0100007F:ZZZZ 00000000:0000 0A",
        "0: 01007F:1F90 00000000:0000 0A", "0: XX00007F:1F90 00000000:0000 0A", "0: 0100007F:0000 00000000:0000 0A",
        "0: 0100007F:1FFFF 00000000:0000 0A", "sl 0100007F:1F90 00000000:0000 0A",
    ])
    func skipsMalformedLines(text: String) {
        #expect(ProcNetTCP.listeningPorts(in: header + text + "\n" + line("0100007F:0050")).map(\.port) == [80])
    }

    @Test func mergesTablesSortsAndDeduplicates() {
        let tcp =
            header + line("00000000:1F90") + line("0100007F:0050") + line("0100007F:0050")
            + line("0100007F:A000", state: "01", remote: "0100007F:1F90")
        let tcp6 = header + line("\(zero6):1F90") + line("00000000000000000000000001000000:0BB8")
        let ports = ProcNetTCP.listeningPorts(inTables: [tcp, tcp6])
        #expect(
            ports == [
                ListeningPort(port: 80, address: "127.0.0.1"), ListeningPort(port: 3000, address: "::1"),
                ListeningPort(port: 8080, address: "0.0.0.0"), ListeningPort(port: 8080, address: "::"),
            ])
        #expect(ports.map(\.isLoopbackOnly) == [true, true, false, false])
    }

    @Test func watcherReportsOnlyChanges() {
        let table = Mutex("")
        let watcher = PortWatcher { [table.withLock { $0 }] }
        table.withLock { $0 = header + line("0100007F:0050") }
        #expect(watcher.poll() == [ListeningPort(port: 80, address: "127.0.0.1")])
        #expect(watcher.poll() == nil)
        table.withLock { $0 = header }
        #expect(watcher.poll() == [])
        #expect(watcher.ports.isEmpty)
    }

    @Test func watcherSeesARealListenerOnLoopback() async throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        try #require(fd >= 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        try #require(bound == 0 && listen(fd, 1) == 0)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { _ = getsockname(fd, $0, &length) }
        }
        let port = UInt16(bigEndian: address.sin_port)
        let watcher = PortWatcher(interval: .milliseconds(50))
        let seen = try await withTimeout(TestTimeout.short) {
            while !(watcher.poll() ?? watcher.ports).contains(ListeningPort(port: port, address: "127.0.0.1")) {
                try await Task.sleep(for: .milliseconds(50))
            }
            return true
        }
        #expect(seen)
    }
}
