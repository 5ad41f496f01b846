// Helpers shared by the wrappers: contiguous byte access for libcrypto and its (practically impossible) failures.

/// Stops the process because a libcrypto call that only fails when memory runs out failed.
///
/// Digests, HMAC and the random generator only fail on allocation failure or a broken OpenSSL installation; no
/// caller could recover, and carrying on would produce wrong digests or predictable keys.
func libcryptoFailure(_ function: String) -> Never {
    fatalError("libcrypto: \(function) failed; the OpenSSL installation is broken or memory is exhausted")
}

/// Gives `body` the bytes of `bytes` as one contiguous region whose base address is never nil.
///
/// libcrypto treats a null pointer as "no argument" in places (an HMAC key, for one), even with a zero length, so an
/// empty collection is passed as a valid pointer to zero bytes.
func withContiguousBytes<Bytes: Collection<UInt8>, Result>(
    _ bytes: Bytes, _ body: (UnsafeRawBufferPointer) -> Result
) -> Result {
    if bytes.isEmpty {
        return withUnsafeTemporaryAllocation(byteCount: 1, alignment: 1) { scratch in
            body(UnsafeRawBufferPointer(start: scratch.baseAddress, count: 0))
        }
    }
    if let result = bytes.withContiguousStorageIfAvailable({ body(UnsafeRawBufferPointer($0)) }) {
        return result
    }
    return Array(bytes).withUnsafeBytes(body)
}
