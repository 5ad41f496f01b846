/// What a user chose for themselves: for now, the inactivity timeout of the workspaces they create.
public protocol UserSettingsStore: Sendable {
    /// The inactivity timeout `userID` chose for new workspaces; nil when they chose none (the server's default).
    func defaultInactivityTimeout(userID: String) async throws -> Duration?
    /// Stores the inactivity timeout of `userID`'s new workspaces; nil returns to the server's default.
    /// - Parameter timeout: whole seconds, above zero.
    /// - Throws: `.invalidArgument` for a timeout under one second, `.notFound` when the user does not exist.
    func setDefaultInactivityTimeout(userID: String, to timeout: Duration?) async throws
}
