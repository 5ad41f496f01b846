/// The mount points in a mount table (`/proc/self/mounts`), for unmounting what a failed debootstrap left behind
/// before its directory is removed.
enum MountTable {
    /// The mount points at or below `directory`, inner ones before those they are in, with the table's octal escapes (`\040`) decoded.
    static func mountPoints(under directory: String, table: String) -> [String] {
        let prefix = directory.hasSuffix("/") ? directory : directory + "/"
        var points: [String] = []
        for line in table.split(separator: "\n") {
            let fields = line.split(separator: " ")
            guard fields.count >= 2 else { continue }
            let point = decode(String(fields[1]))
            if point == directory || point.hasPrefix(prefix) { points.append(point) }
        }
        // In descending order a path comes after everything below it, so inner mounts are unmounted first.
        return points.sorted(by: >)
    }

    /// Decodes the `\ooo` escapes the kernel uses for spaces, tabs, newlines and backslashes in mount points.
    static func decode(_ field: String) -> String {
        var bytes: [UInt8] = []
        var utf8 = Array(field.utf8)[...]
        while let byte = utf8.popFirst() {
            if byte == UInt8(ascii: "\\"), utf8.count >= 3,
                let value = UInt8(String(decoding: utf8.prefix(3), as: UTF8.self), radix: 8)
            {
                bytes.append(value)
                utf8 = utf8.dropFirst(3)
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
