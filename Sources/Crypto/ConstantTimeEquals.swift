import CCrypto

/// Whether `lhs` and `rhs` hold the same bytes, taking a time that depends on their length only, not on where they
/// differ. Use it to compare secrets such as tokens and MACs. Lengths are compared first, so only the length leaks.
public func constantTimeEquals(_ lhs: some Collection<UInt8>, _ rhs: some Collection<UInt8>) -> Bool {
    guard lhs.count == rhs.count else { return false }
    return withContiguousBytes(lhs) { left in
        withContiguousBytes(rhs) { right in
            CRYPTO_memcmp(left.baseAddress, right.baseAddress, left.count) == 0
        }
    }
}
