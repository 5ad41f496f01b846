import Crypto

/// The random secrets behind sessions and access tokens: 32 random bytes, shown once as lowercase hex, and stored
/// only as the SHA-256 of those bytes in hex.
struct SecretToken: Sendable {
    static let byteCount = 32
    let bytes: [UInt8]

    /// A new random secret.
    static func generate() -> SecretToken { SecretToken(bytes: SecureRandom.bytes(count: byteCount)) }

    private init(bytes: [UInt8]) { self.bytes = bytes }

    /// Reads the hex text of a secret; nil for anything that is not 64 hex digits.
    init?(hex text: some StringProtocol) {
        guard text.utf8.count == Self.byteCount * 2, let bytes = [UInt8](hexString: text) else { return nil }
        self.bytes = bytes
    }

    /// The text handed to the user once.
    var hex: String { bytes.hexString }
    /// What the store keeps and looks the secret up by.
    var storedHash: String { SHA256.hash(bytes).hexString }

    /// Whether this secret's hash is `storedHash`, compared in constant time.
    func matches(storedHash: String) -> Bool {
        constantTimeEquals(Array(self.storedHash.utf8), Array(storedHash.utf8))
    }
}

/// A random record ID: 16 bytes as hex.
func randomRecordID() -> String {
    SecureRandom.bytes(count: 16).hexString
}
