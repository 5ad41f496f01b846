import CCrypto

/// A one-shot digest of `bytes` with the libcrypto algorithm `algorithm`.
func digest(_ bytes: some Collection<UInt8>, algorithm: OpaquePointer, length: Int) -> [UInt8] {
    var output = [UInt8](repeating: 0, count: length)
    var written: UInt32 = 0
    let succeeded = withContiguousBytes(bytes) { input in
        output.withUnsafeMutableBufferPointer { out in
            EVP_Digest(input.baseAddress, input.count, out.baseAddress, &written, algorithm, nil) == 1
        }
    }
    guard succeeded, written == length else { libcryptoFailure("EVP_Digest") }
    return output
}
