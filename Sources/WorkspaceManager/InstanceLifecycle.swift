import Store

/// The rules of a workspace instance's phases, as Gitpod has them: preparing → building (only when an image must be
/// built) → pending → creating → initializing → running → stopping → stopped, and failed from anywhere before the
/// end. A pure value: `apply` says which phase an event leads to, or why it may not happen, and does no I/O.
public struct InstanceLifecycle: Sendable, Hashable {
    /// What happened to the instance.
    public enum Event: Sendable, Hashable {
        /// The image is not built yet: build it.
        case imageBuildStarted
        /// The image is there (resolved or built).
        case imageReady
        /// The runtime is making the container.
        case containerCreationStarted
        /// The container runs; its content is being put in place and the supervisor starts.
        case containerStarted
        /// The supervisor reports every task started.
        case supervisorReady
        /// A stop was asked for (by a user, a timeout or the reconciler).
        case stopRequested
        /// The container is gone and the content is safe (backed up, or never there).
        case stopCompleted
        /// Something went wrong, for `reason`.
        case failed(reason: String)
    }

    /// An event that may not happen in the current phase.
    public struct InvalidTransition: Error, Sendable, Hashable, CustomStringConvertible {
        public var phase: InstancePhase
        public var event: Event

        public init(phase: InstancePhase, event: Event) {
            self.phase = phase
            self.event = event
        }

        public var description: String { "an instance in phase \(phase.rawValue) cannot take the event \(event)" }
    }

    /// The phases in which an instance has, or is getting, a container or content: what the reconciler watches.
    public static let activePhases: Set<InstancePhase> = [
        .preparing, .building, .pending, .creating, .initializing, .running, .stopping,
    ]

    /// The phases before a stop, in which a stop may be asked for.
    public static let stoppablePhases: Set<InstancePhase> = [
        .preparing, .building, .pending, .creating, .initializing, .running,
    ]

    /// The phases in which the instance's content directory may hold files of the user's (so a stop backs it up).
    public static let phasesWithContent: Set<InstancePhase> = [.initializing, .running, .stopping]

    public private(set) var phase: InstancePhase

    public init(phase: InstancePhase = .preparing) {
        self.phase = phase
    }

    /// The phase `event` leads to from `phase`, or nil when it may not happen there.
    public static func next(from phase: InstancePhase, on event: Event) -> InstancePhase? {
        switch (phase, event) {
        case (.preparing, .imageBuildStarted): .building
        case (.preparing, .imageReady), (.building, .imageReady): .pending
        case (.pending, .containerCreationStarted): .creating
        case (.creating, .containerStarted): .initializing
        case (.initializing, .supervisorReady): .running
        case (let from, .stopRequested) where stoppablePhases.contains(from): .stopping
        case (.stopping, .stopCompleted): .stopped
        case (let from, .failed) where !from.isFinal: .failed
        default: nil
        }
    }

    /// Moves to the phase `event` leads to.
    /// - Returns: the new phase.
    /// - Throws: `InvalidTransition` when the event may not happen in the current phase (the phase stays).
    @discardableResult
    public mutating func apply(_ event: Event) throws(InvalidTransition) -> InstancePhase {
        guard let next = Self.next(from: phase, on: event) else { throw InvalidTransition(phase: phase, event: event) }
        phase = next
        return next
    }

    /// Whether some event leads from `from` straight to `to`.
    public static func allows(from: InstancePhase, to: InstancePhase) -> Bool {
        let events: [Event] = [
            .imageBuildStarted, .imageReady, .containerCreationStarted, .containerStarted, .supervisorReady,
            .stopRequested, .stopCompleted, .failed(reason: ""),
        ]
        return events.contains { next(from: from, on: $0) == to }
    }
}
