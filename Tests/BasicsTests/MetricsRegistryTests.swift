import Basics
import Testing

@Suite("Prometheus metrics")
struct MetricsRegistryTests {
    @Test("An empty registry renders nothing")
    func empty() {
        #expect(MetricsRegistry().render() == "")
    }

    @Test("Counters render HELP, TYPE and one line per label set, sorted by labels")
    func counters() {
        let registry = MetricsRegistry()
        let health = registry.counter(
            "swiftpod_http_requests_total", help: "HTTP requests served.",
            labels: ["route": "/api/v1/health", "code": "200"])
        let missing = registry.counter(
            "swiftpod_http_requests_total", help: "ignored: the first help is kept",
            labels: ["code": "404", "route": "/nope"])
        health.increment()
        health.increment(by: 2)
        missing.increment()
        registry.counter("swiftpod_http_requests_total", help: "", labels: ["route": "/api/v1/health", "code": "200"])
            .increment()
        #expect(
            registry.render() == """
                # HELP swiftpod_http_requests_total HTTP requests served.
                # TYPE swiftpod_http_requests_total counter
                swiftpod_http_requests_total{code="200",route="/api/v1/health"} 4
                swiftpod_http_requests_total{code="404",route="/nope"} 1

                """)
    }

    @Test("The same name and labels give the same handle, whatever the dictionary order")
    func handlesAreShared() {
        let registry = MetricsRegistry()
        let first = registry.counter("c_total", help: "", labels: ["a": "1", "b": "2"])
        let second = registry.counter("c_total", help: "", labels: ["b": "2", "a": "1"])
        let other = registry.counter("c_total", help: "", labels: ["a": "1"])
        #expect(first === second)
        #expect(first !== other)
        #expect(registry.histogram("h", help: "") === registry.histogram("h", help: ""))
        #expect(registry.gauge("g", help: "") === registry.gauge("g", help: ""))
    }

    @Test("Counters ignore negative amounts and add fractions")
    func counterAmounts() {
        let registry = MetricsRegistry()
        let counter = registry.counter("swiftpod_cpu_seconds_total", help: "CPU time.")
        counter.increment(by: -5)
        counter.increment(by: 0.25)
        counter.increment(by: -0.5)
        counter.increment(by: .infinity)
        counter.increment(by: 3)
        #expect(counter.value == 3.25)
        #expect(registry.render().hasSuffix("swiftpod_cpu_seconds_total 3.25\n"))
    }

    @Test("Gauges set, go up and go down")
    func gauges() {
        let registry = MetricsRegistry()
        let running = registry.gauge(
            "swiftpod_workspaces", help: "Workspaces by phase.", labels: ["phase": "running"])
        let pending = registry.gauge("swiftpod_workspaces", help: "", labels: ["phase": "pending"])
        running.set(5)
        running.increment()
        running.decrement(by: 2)
        pending.decrement()
        pending.increment(by: 0.5)
        #expect(running.value == 4)
        #expect(
            registry.render() == """
                # HELP swiftpod_workspaces Workspaces by phase.
                # TYPE swiftpod_workspaces gauge
                swiftpod_workspaces{phase="pending"} -0.5
                swiftpod_workspaces{phase="running"} 4

                """)
    }

    @Test("Histograms render cumulative buckets with +Inf, then sum and count, per label set")
    func histograms() {
        let registry = MetricsRegistry()
        let fast = registry.histogram(
            "swiftpod_http_request_duration_seconds", help: "Request latency.", labels: ["route": "/a"],
            buckets: [0.1, 0.5, 1])
        let slow = registry.histogram(
            "swiftpod_http_request_duration_seconds", help: "", labels: ["route": "/b"], buckets: [0.1, 0.5, 1])
        fast.observe(0.05)
        fast.observe(0.1)
        fast.observe(.milliseconds(250))
        slow.observe(2)
        #expect(
            registry.render() == """
                # HELP swiftpod_http_request_duration_seconds Request latency.
                # TYPE swiftpod_http_request_duration_seconds histogram
                swiftpod_http_request_duration_seconds_bucket{route="/a",le="0.1"} 2
                swiftpod_http_request_duration_seconds_bucket{route="/a",le="0.5"} 3
                swiftpod_http_request_duration_seconds_bucket{route="/a",le="1"} 3
                swiftpod_http_request_duration_seconds_bucket{route="/a",le="+Inf"} 3
                swiftpod_http_request_duration_seconds_sum{route="/a"} 0.4
                swiftpod_http_request_duration_seconds_count{route="/a"} 3
                swiftpod_http_request_duration_seconds_bucket{route="/b",le="0.1"} 0
                swiftpod_http_request_duration_seconds_bucket{route="/b",le="0.5"} 0
                swiftpod_http_request_duration_seconds_bucket{route="/b",le="1"} 0
                swiftpod_http_request_duration_seconds_bucket{route="/b",le="+Inf"} 1
                swiftpod_http_request_duration_seconds_sum{route="/b"} 2
                swiftpod_http_request_duration_seconds_count{route="/b"} 1

                """)
    }

    @Test("The default buckets are Prometheus' latency buckets")
    func defaultBuckets() {
        let registry = MetricsRegistry()
        let histogram = registry.histogram("swiftpod_workspace_startup_seconds", help: "Startup time.")
        histogram.observe(7)
        #expect(histogram.buckets == [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10])
        let les = registry.render().split(separator: "\n").filter { $0.contains("_bucket") }.map {
            $0.split(separator: "\"")[1]
        }
        #expect(les == ["0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1", "2.5", "5", "10", "+Inf"])
        #expect(histogram.snapshot.cumulativeCounts == [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1])
    }

    @Test("Label values escape backslashes, quotes and newlines; HELP escapes backslashes and newlines")
    func escaping() {
        let registry = MetricsRegistry()
        registry.counter(
            "escaped_total", help: "Line one\nline \"two\" \\ end", labels: ["path": "C:\\dir \"x\"\nnext"]
        ).increment()
        #expect(
            registry.render() == """
                # HELP escaped_total Line one\\nline "two" \\\\ end
                # TYPE escaped_total counter
                escaped_total{path="C:\\\\dir \\"x\\"\\nnext"} 1

                """)
    }

    @Test("Families are sorted by name, a series without labels has no braces, and empty help is left out")
    func ordering() {
        let registry = MetricsRegistry()
        registry.gauge("zeta", help: "").set(1)
        registry.counter("alpha_total", help: "First.").increment()
        registry.gauge("mid", help: "", labels: ["b": "1"]).set(2)
        registry.gauge("mid", help: "", labels: ["a": "9"]).set(3)
        registry.gauge("mid", help: "", labels: ["a": "10"]).set(4)
        #expect(
            registry.render() == """
                # HELP alpha_total First.
                # TYPE alpha_total counter
                alpha_total 1
                # TYPE mid gauge
                mid{a="10"} 4
                mid{a="9"} 3
                mid{b="1"} 2
                # TYPE zeta gauge
                zeta 1

                """)
    }

    @Test(
        "Sample values use Prometheus spellings",
        arguments: [
            (0.0, "0"), (-0.0, "0"), (42, "42"), (1.5, "1.5"), (0.00001, "1e-05"), (Double.nan, "NaN"),
            (Double.infinity, "+Inf"), (-Double.infinity, "-Inf"), (1e20, "1e+20"),
        ])
    func sampleValues(value: Double, expected: String) {
        let registry = MetricsRegistry()
        registry.gauge("g", help: "").set(value)
        #expect(registry.render() == "# TYPE g gauge\ng \(expected)\n")
    }

    @Test("Many tasks incrementing one counter give the exact total")
    func concurrentCounter() async {
        let registry = MetricsRegistry()
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<16 {
                group.addTask {
                    let counter = registry.counter("requests_total", help: "", labels: ["code": "200"])
                    for _ in 0..<10_000 { counter.increment() }
                }
            }
        }
        #expect(registry.counter("requests_total", help: "", labels: ["code": "200"]).value == 160_000)
        #expect(registry.render().hasSuffix("requests_total{code=\"200\"} 160000\n"))
    }

    @Test("Concurrent fractional increments, gauge changes and observations lose nothing")
    func concurrentFloatingPoint() async {
        let registry = MetricsRegistry()
        let seconds = registry.counter("seconds_total", help: "")
        let gauge = registry.gauge("open_connections", help: "")
        let histogram = registry.histogram("latency_seconds", help: "", buckets: [0.5, 1])
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<8 {
                group.addTask {
                    for _ in 0..<5_000 {
                        seconds.increment(by: 0.5)
                        gauge.increment()
                        histogram.observe(0.25)
                        gauge.decrement()
                    }
                }
            }
        }
        #expect(seconds.value == 20_000)
        #expect(gauge.value == 0)
        let snapshot = histogram.snapshot
        #expect(snapshot.count == 40_000)
        #expect(snapshot.sum == 10_000)
        #expect(snapshot.cumulativeCounts == [40_000, 40_000, 40_000])
    }

    @Test("The content type names the text format version")
    func contentType() {
        #expect(MetricsRegistry.contentType == "text/plain; version=0.0.4; charset=utf-8")
    }
}
