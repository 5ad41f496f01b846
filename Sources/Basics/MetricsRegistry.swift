import Synchronization

/// The process's metrics, rendered in the Prometheus text exposition format (version 0.0.4) for `/metrics`.
///
/// Asking for a metric registers its series on first use and returns the same handle afterwards. Look handles up
/// once and keep them: recording through a handle is an atomic add (counters, gauges) or a short per-series lock
/// (histograms), while a lookup takes the registry's lock.
///
/// ```swift
/// let requests = registry.counter(
///     "swiftpod_http_requests_total", help: "HTTP requests served.", labels: ["route": "/api/v1/health", "code": "200"])
/// requests.increment()
/// ```
///
/// Names and label names that Prometheus would reject, and one name used for two types or two bucket layouts, are
/// programming errors and stop the program.
public final class MetricsRegistry: Sendable {
    /// The `Content-Type` of `render()`'s output.
    public static let contentType = "text/plain; version=0.0.4; charset=utf-8"

    enum MetricType: String, Sendable {
        case counter, gauge, histogram
    }

    enum Series: Sendable {
        case counter(Counter)
        case gauge(Gauge)
        case histogram(Histogram)
    }

    struct Family: Sendable {
        var name: String
        var help: String
        var type: MetricType
        var buckets: [Double]
        var series: [MetricLabels: Series]
    }

    private let families = Mutex<[String: Family]>([:])

    /// An empty registry.
    public init() {}

    /// The counter series `name` with `labels`, registered on first use.
    /// - Parameters:
    ///   - name: the metric name, conventionally ending in `_total`.
    ///   - help: one line for `# HELP`; the first registration's text is kept.
    ///   - labels: the series' label names and values.
    public func counter(_ name: String, help: String, labels: [String: String] = [:]) -> Counter {
        let series = register(name, help: help, type: .counter, labels: labels, buckets: []) { .counter(Counter()) }
        guard case .counter(let counter) = series else { preconditionFailure("'\(name)' is not a counter") }
        return counter
    }

    /// The gauge series `name` with `labels`, registered on first use.
    /// - Parameters:
    ///   - name: the metric name.
    ///   - help: one line for `# HELP`; the first registration's text is kept.
    ///   - labels: the series' label names and values.
    public func gauge(_ name: String, help: String, labels: [String: String] = [:]) -> Gauge {
        let series = register(name, help: help, type: .gauge, labels: labels, buckets: []) { .gauge(Gauge()) }
        guard case .gauge(let gauge) = series else { preconditionFailure("'\(name)' is not a gauge") }
        return gauge
    }

    /// The histogram series `name` with `labels`, registered on first use.
    /// - Parameters:
    ///   - name: the metric name, conventionally ending in a unit (`_seconds`).
    ///   - help: one line for `# HELP`; the first registration's text is kept.
    ///   - labels: the series' label names and values; `le` is reserved.
    ///   - buckets: the buckets' upper bounds, finite and increasing; every series of a name shares them.
    public func histogram(
        _ name: String, help: String, labels: [String: String] = [:], buckets: [Double] = Histogram.defaultBuckets
    ) -> Histogram {
        precondition(Histogram.areValid(buckets), "histogram '\(name)' needs finite, increasing buckets")
        precondition(labels["le"] == nil, "histogram '\(name)' cannot have a label named 'le'")
        let series = register(name, help: help, type: .histogram, labels: labels, buckets: buckets) {
            .histogram(Histogram(buckets: buckets))
        }
        guard case .histogram(let histogram) = series else { preconditionFailure("'\(name)' is not a histogram") }
        return histogram
    }

    /// Every series in the Prometheus text format: families sorted by name, each with `# HELP` and `# TYPE`,
    /// series sorted by their labels.
    public func render() -> String {
        let snapshot = families.withLock { Array($0.values) }.sorted { $0.name < $1.name }
        var text = ""
        for family in snapshot {
            PrometheusTextRenderer.append(family, to: &text)
        }
        return text
    }

    private func register(
        _ name: String, help: String, type: MetricType, labels: [String: String], buckets: [Double],
        make: () -> Series
    ) -> Series {
        precondition(MetricLabels.isValidMetricName(name), "'\(name)' is not a valid metric name")
        let key = MetricLabels(labels)
        return families.withLock { families in
            if let existing = families[name] {
                precondition(
                    existing.type == type, "'\(name)' is registered as a \(existing.type.rawValue), not a \(type)")
                precondition(existing.buckets == buckets, "histogram '\(name)' is registered with other buckets")
                if let series = existing.series[key] { return series }
            }
            for label in key.labels {
                precondition(MetricLabels.isValidName(label.name), "'\(label.name)' is not a valid label name")
            }
            let series = make()
            families[name, default: Family(name: name, help: help, type: type, buckets: buckets, series: [:])]
                .series[key] = series
            return series
        }
    }
}
