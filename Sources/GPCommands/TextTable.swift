/// A table as Gitpod's `gp` prints them: upper-case headers, `|` between columns, a rule under the header.
///
/// ```
/// | PORT | STATUS | URL                            |
/// |------|--------|--------------------------------|
/// | 3000 | open   | http://3000-abc.localhost:8080 |
/// ```
struct TextTable {
    var headers: [String]
    var rows: [[String]] = []

    init(headers: [String]) {
        self.headers = headers
    }

    mutating func append(_ row: [String]) {
        rows.append(row)
    }

    /// The lines of the table, without trailing newlines.
    var lines: [String] {
        let widths = headers.indices.map { column in
            ([headers[column].uppercased()] + rows.map { column < $0.count ? $0[column] : "" }).map(\.count).max() ?? 0
        }
        func line(_ cells: [String]) -> String {
            let padded = widths.indices.map { column -> String in
                let cell = column < cells.count ? cells[column] : ""
                return " " + cell + String(repeating: " ", count: widths[column] - cell.count) + " "
            }
            return "|" + padded.joined(separator: "|") + "|"
        }
        let rule = "|" + widths.map { String(repeating: "-", count: $0 + 2) }.joined(separator: "|") + "|"
        return [line(headers.map { $0.uppercased() }), rule] + rows.map(line)
    }

    /// The table as text, each line ending in a newline.
    var text: String {
        lines.map { $0 + "\n" }.joined()
    }
}
