import CArchive

/// Writes a pax tar archive compressed with zstd to a sink: owns a libarchive write handle.
///
/// The sink receives the compressed bytes in order; an error it throws stops the archive and is rethrown by the
/// call that was writing.
public final class ArchiveWriter {
    /// Receives the compressed output.
    public typealias Sink = (UnsafeRawBufferPointer) throws -> Void

    private let handle: OpaquePointer
    private let output: Output
    private var closed = false

    /// Starts an archive whose output goes to `sink`.
    /// - Parameters:
    ///   - compressionLevel: the zstd level, 1 (fast) to 19 (small).
    ///   - threads: zstd's worker threads; 0 compresses on the calling thread.
    ///   - sink: called with each piece of compressed output (always on the calling thread).
    public init(compressionLevel: Int = 3, threads: Int = 0, sink: @escaping Sink) throws {
        guard let handle = archive_write_new() else {
            throw ArchiveError(operation: "create archive writer", message: "out of memory")
        }
        self.handle = handle
        self.output = Output(sink: sink)
        try check(archive_write_set_format_pax(handle), handle, "choose the pax format")
        try check(archive_write_add_filter_zstd(handle), handle, "add zstd compression")
        try check(
            archive_write_set_filter_option(handle, "zstd", "compression-level", String(compressionLevel)), handle,
            "set the zstd level")
        if threads > 0 {
            try check(
                archive_write_set_filter_option(handle, "zstd", "threads", String(threads)), handle,
                "set the zstd threads")
        }
        // The compressed output reaches the sink in pieces of 128 KiB (libarchive's default is 10 KiB): fewer
        // writes, and fewer calls into the checksum.
        try check(archive_write_set_bytes_per_block(handle, 128 << 10), handle, "set the output block size")
        // Compressed output needs no padding to a whole tar block.
        try check(archive_write_set_bytes_in_last_block(handle, 1), handle, "set the last block size")
        let context = Unmanaged.passUnretained(output).toOpaque()
        let opened = archive_write_open2(handle, context, nil, writeCallback, nil, nil)
        try rethrowingSinkError(opened, "open the archive")
    }

    deinit {
        archive_write_free(handle)
    }

    /// Writes the header of `entry`; its content follows through `writeData`.
    public func writeHeader(_ entry: ArchiveEntry) throws {
        try rethrowingSinkError(archive_write_header(handle, entry.handle), "write the header of \(describe(entry))")
    }

    /// Writes the next `bytes` of the current entry's content.
    public func writeData(_ bytes: UnsafeRawBufferPointer) throws {
        var remaining = bytes
        while !remaining.isEmpty {
            let written = archive_write_data(handle, remaining.baseAddress, remaining.count)
            if written < 0 { try rethrowingSinkError(Int32(written), "write entry content") }
            if written <= 0 {
                throw ArchiveError(operation: "write entry content", message: "libarchive wrote nothing")
            }
            remaining = UnsafeRawBufferPointer(rebasing: remaining[written...])
        }
    }

    /// Flushes the compressor and the sink; the archive is complete when this returns.
    public func close() throws {
        guard !closed else { return }
        closed = true
        try rethrowingSinkError(archive_write_close(handle), "finish the archive")
    }

    private func rethrowingSinkError(_ code: Int32, _ operation: String) throws {
        if let error = output.error {
            output.error = nil
            throw ArchiveError(operation: operation, message: "\(error)")
        }
        try check(code, handle, operation)
    }
}

@available(*, unavailable, message: "a writer owns a libarchive handle; use it from one thread")
extension ArchiveWriter: Sendable {}

/// The sink and the first error it threw, reached from libarchive's C callback.
private final class Output {
    let sink: ArchiveWriter.Sink
    var error: (any Error)?

    init(sink: @escaping ArchiveWriter.Sink) { self.sink = sink }
}

private func writeCallback(
    _ archive: OpaquePointer?, _ context: UnsafeMutableRawPointer?, _ buffer: UnsafeRawPointer?, _ length: Int
) -> Int {
    guard let context else { return -1 }
    let output = Unmanaged<Output>.fromOpaque(context).takeUnretainedValue()
    do {
        try output.sink(UnsafeRawBufferPointer(start: buffer, count: length))
        return length
    } catch {
        output.error = error
        return -1
    }
}

/// The entry's path for messages (bytes that are not UTF-8 are replaced).
func describe(_ entry: ArchiveEntry) -> String {
    String(decoding: entry.path, as: UTF8.self)
}
