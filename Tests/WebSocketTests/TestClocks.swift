/// A clock whose sleeps end at once, or never (until cancelled), so timeout paths are tested without waiting.
struct ScriptedClock: Clock {
    typealias Duration = Swift.Duration

    struct Instant: InstantProtocol {
        var offset: Duration

        func advanced(by duration: Duration) -> Instant { Instant(offset: offset + duration) }
        func duration(to other: Instant) -> Duration { other.offset - offset }
        static func < (lhs: Instant, rhs: Instant) -> Bool { lhs.offset < rhs.offset }
    }

    /// Every timeout expires as soon as it starts.
    static let expiresAtOnce = ScriptedClock(expires: true)
    /// No timeout ever expires.
    static let neverExpires = ScriptedClock(expires: false)

    let expires: Bool

    var now: Instant { Instant(offset: .zero) }
    var minimumResolution: Duration { .zero }

    func sleep(until deadline: Instant, tolerance: Duration?) async throws {
        // Waiting a day stands for forever: the sleep ends by cancellation, which makes it throw.
        if !expires { try await Task.sleep(for: .seconds(86_400)) }
        try Task.checkCancellation()
    }
}
