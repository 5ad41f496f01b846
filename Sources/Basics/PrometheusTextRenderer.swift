/// Writes metric families in the Prometheus text exposition format, version 0.0.4.
enum PrometheusTextRenderer {
    static func append(_ family: MetricsRegistry.Family, to text: inout String) {
        if !family.help.isEmpty {
            text += "# HELP \(family.name) \(escapeHelp(family.help))\n"
        }
        text += "# TYPE \(family.name) \(family.type.rawValue)\n"
        for (labels, series) in family.series.sorted(by: { $0.key < $1.key }) {
            switch series {
            case .counter(let counter):
                text += "\(family.name)\(labels.rendered()) \(format(counter.value))\n"
            case .gauge(let gauge):
                text += "\(family.name)\(labels.rendered()) \(format(gauge.value))\n"
            case .histogram(let histogram):
                let snapshot = histogram.snapshot
                let bounds = histogram.buckets.map(format) + ["+Inf"]
                for (bound, count) in zip(bounds, snapshot.cumulativeCounts) {
                    let bucketLabels = labels.rendered(appending: .init(name: "le", value: bound))
                    text += "\(family.name)_bucket\(bucketLabels) \(count)\n"
                }
                text += "\(family.name)_sum\(labels.rendered()) \(format(snapshot.sum))\n"
                text += "\(family.name)_count\(labels.rendered()) \(snapshot.count)\n"
            }
        }
    }

    /// A sample value: integers without a fraction, `+Inf`, `-Inf` and `NaN` spelled as Prometheus reads them.
    static func format(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value > 0 ? "+Inf" : "-Inf" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return String(value)
    }

    /// HELP text with backslashes and newlines escaped.
    static func escapeHelp(_ help: String) -> String {
        guard help.unicodeScalars.contains(where: { $0 == "\\" || $0 == "\n" }) else { return help }
        var result = ""
        for scalar in help.unicodeScalars {
            switch scalar {
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}
