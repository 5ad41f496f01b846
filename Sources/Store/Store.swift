/// Everything the server remembers: users and their credentials, workspaces and their instances, backups, image
/// builds, prebuilds and environment variables.
///
/// `SQLiteStore` is the embedded default; PostgreSQL will implement the same protocol for installations that run
/// several servers. Every method is async and never blocks the caller's thread. Getters by ID throw
/// `StoreError` `.notFound` for a missing record, `find...` lookups return nil instead, and creating a record that
/// duplicates a unique value throws `.conflict`. Times are kept to the millisecond.
public protocol Store: UserStore, CredentialStore, WorkspaceStore, InstanceStore, BackupStore, BuildStore,
    EnvironmentVariableStore, Sendable
{
    /// Closes the store; later calls throw `StoreError` `.closed`. Calls already started finish first.
    func close() async
}
