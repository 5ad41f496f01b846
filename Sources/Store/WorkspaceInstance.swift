import Foundation

/// One start of a workspace, from preparing to stopped, with the time it entered each phase.
public struct WorkspaceInstance: Sendable, Hashable {
    /// Where the instance's files came from.
    public enum ContentSource: String, Sendable, Hashable, CaseIterable {
        /// The workspace's own last backup (a restart).
        case backup
        /// A prebuild snapshot.
        case prebuild
        /// A fresh clone.
        case git
    }

    public var id: String
    public var workspaceID: String
    /// The current phase; changed only through `updateInstancePhase`, which records the time.
    public var phase: InstancePhase
    /// When the instance entered each phase it has been in.
    public var phaseTimes: [InstancePhase: Date]
    /// Why the instance failed, for `failed`.
    public var failureReason: String?
    public var containerID: String?
    /// The image the container runs.
    public var imageRef: String?
    public var contentSource: ContentSource?
    public var createdAt: Date
    public var stoppedAt: Date?
    /// The host id of the container's root: its user namespace maps container ids from 0 to host ids from here.
    /// Kept so that the content can be backed up, with the right id shift, even after the container is gone.
    public var hostIDOffset: Int?

    /// A new instance in `phase`, entered at `createdAt`.
    public init(
        id: String, workspaceID: String, phase: InstancePhase = .preparing, phaseTimes: [InstancePhase: Date]? = nil,
        failureReason: String? = nil, containerID: String? = nil, imageRef: String? = nil,
        contentSource: ContentSource? = nil, createdAt: Date, stoppedAt: Date? = nil, hostIDOffset: Int? = nil
    ) {
        self.id = id
        self.workspaceID = workspaceID
        self.phase = phase
        self.phaseTimes = phaseTimes ?? [phase: createdAt]
        self.failureReason = failureReason
        self.containerID = containerID
        self.imageRef = imageRef
        self.contentSource = contentSource
        self.createdAt = createdAt
        self.stoppedAt = stoppedAt
        self.hostIDOffset = hostIDOffset
    }
}

/// The phases of a workspace instance, as Gitpod names them.
public enum InstancePhase: String, Sendable, Hashable, CaseIterable {
    case preparing
    case building
    case pending
    case creating
    case initializing
    case running
    case stopping
    case stopped
    case failed

    /// Whether the instance has ended (nothing runs, nothing more will happen to it).
    public var isFinal: Bool { self == .stopped || self == .failed }
}
