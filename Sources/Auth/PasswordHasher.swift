import Crypto
import Dispatch
import Foundation

/// Hashes and verifies passwords with PBKDF2-HMAC-SHA-256, in PHC string format:
/// `$pbkdf2-sha256$i=600000$<salt>$<hash>`, where salt (16 random bytes) and hash (32 bytes) are Base64 without
/// padding.
///
/// Hashing takes a good fraction of a second by design, so `hash` and `verify` run on threads of their own (at most
/// one per core at a time) and suspend the caller meanwhile; Swift's concurrency threads never do the work.
public struct PasswordHasher: Sendable {
    /// The iterations of new hashes: OWASP's recommendation for PBKDF2-HMAC-SHA-256.
    public static let defaultIterations = 600_000
    /// The most iterations a stored hash may ask for; more is refused as a hash nobody should have to verify.
    public static let maximumIterations = 10_000_000
    static let algorithm = "pbkdf2-sha256"
    static let saltLength = 16
    static let hashLength = 32

    /// The iterations of new hashes; hashes with fewer need rehashing.
    public let iterations: Int

    /// A hasher whose new hashes use `iterations` rounds (tests pass a small number).
    public init(iterations: Int = PasswordHasher.defaultIterations) {
        precondition(
            (1...Self.maximumIterations).contains(iterations), "PasswordHasher needs 1...10 000 000 iterations")
        self.iterations = iterations
    }

    /// The PHC string of `password` with a new random salt.
    public func hash(_ password: String) async -> String {
        let iterations = iterations
        return await PasswordHashingThreads.run { Self.hashSynchronously(password, iterations: iterations) }
    }

    /// Whether `password` matches `encoded`, a PHC string made by `hash`; false for a malformed string.
    public func verify(_ password: String, against encoded: String) async -> Bool {
        guard let parsed = PasswordHash(encoded) else { return false }
        return await PasswordHashingThreads.run { parsed.matches(password) }
    }

    /// Spends about as long as `verify` does, for a user who has no password or does not exist, so that the time an
    /// answer takes does not tell whether a username exists.
    public func verifyNothing(_ password: String) async {
        let iterations = iterations
        _ = await PasswordHashingThreads.run { Self.hashSynchronously(password, iterations: iterations) }
    }

    /// Whether `encoded` should be replaced by a new hash at the next sign-in: it has fewer iterations than this
    /// hasher uses, or cannot be read.
    public func needsRehash(_ encoded: String) -> Bool {
        guard let parsed = PasswordHash(encoded) else { return true }
        return parsed.iterations < iterations
    }

    /// Hashes on the calling thread; for the threads above and for tests.
    static func hashSynchronously(_ password: String, iterations: Int) -> String {
        let salt = SecureRandom.bytes(count: saltLength)
        let derived = PBKDF2.sha256(
            password: Array(password.utf8), salt: salt, iterations: iterations, length: hashLength)
        return PasswordHash(iterations: iterations, salt: salt, derived: derived).encoded
    }
}

/// A parsed PHC string of the `pbkdf2-sha256` algorithm.
struct PasswordHash: Sendable, Equatable {
    var iterations: Int
    var salt: [UInt8]
    var derived: [UInt8]

    init(iterations: Int, salt: [UInt8], derived: [UInt8]) {
        self.iterations = iterations
        self.salt = salt
        self.derived = derived
    }

    /// Parses `$pbkdf2-sha256$i=N$salt$hash`; nil for anything else.
    init?(_ encoded: String) {
        let fields = encoded.split(separator: "$", omittingEmptySubsequences: false)
        guard fields.count == 5, fields[0].isEmpty, fields[1] == PasswordHasher.algorithm,
            fields[2].hasPrefix("i="), fields[2].count <= 10,
            fields[2].dropFirst(2).allSatisfy(\.isASCII), let iterations = Int(fields[2].dropFirst(2)),
            (1...PasswordHasher.maximumIterations).contains(iterations),
            let salt = UnpaddedBase64.decode(fields[3]), salt.count >= 8, salt.count <= 64,
            let derived = UnpaddedBase64.decode(fields[4]), derived.count >= 16, derived.count <= 64
        else { return nil }
        self.init(iterations: iterations, salt: salt, derived: derived)
    }

    var encoded: String {
        "$\(PasswordHasher.algorithm)$i=\(iterations)$\(UnpaddedBase64.encode(salt))$\(UnpaddedBase64.encode(derived))"
    }

    /// Derives the key of `password` with this hash's parameters and compares it in constant time.
    func matches(_ password: String) -> Bool {
        let candidate = PBKDF2.sha256(
            password: Array(password.utf8), salt: salt, iterations: iterations, length: derived.count)
        return constantTimeEquals(candidate, derived)
    }
}

/// Base64 without its `=` padding, as the PHC string format writes it.
enum UnpaddedBase64 {
    static func encode(_ bytes: [UInt8]) -> String {
        String(Base64.encode(bytes).prefix { $0 != "=" })
    }

    static func decode(_ text: some StringProtocol) -> [UInt8]? {
        guard !text.contains("=") else { return nil }
        let padding = String(repeating: "=", count: (4 - text.utf8.count % 4) % 4)
        return Base64.decode(String(text) + padding)
    }
}

/// Threads for password hashing: a dispatch queue that runs at most one hash per core at once, so that a burst of
/// sign-ins queues up instead of starving the machine or Swift's concurrency pool.
enum PasswordHashingThreads {
    private static let marker = DispatchSpecificKey<Bool>()
    private static let queue: DispatchQueue = {
        let queue = DispatchQueue(label: "swiftpod.auth.password-hashing", attributes: .concurrent)
        queue.setSpecific(key: marker, value: true)
        return queue
    }()
    private static let slots = DispatchSemaphore(value: max(1, ProcessInfo.processInfo.activeProcessorCount))

    /// Whether the caller runs on one of these threads.
    static var isCurrent: Bool { DispatchQueue.getSpecific(key: marker) == true }

    static func run<Result: Sendable>(_ work: @escaping @Sendable () -> Result) async -> Result {
        await withCheckedContinuation { continuation in
            queue.async {
                slots.wait()
                defer { slots.signal() }
                continuation.resume(returning: work())
            }
        }
    }
}
