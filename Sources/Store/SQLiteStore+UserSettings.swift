import SQLite

extension SQLiteStore: UserSettingsStore {
    public func defaultInactivityTimeout(userID: String) async throws -> Duration? {
        try await perform("read the settings of user '\(userID)'") { connection in
            try connection.queryFirst(
                "SELECT default_inactivity_timeout_seconds FROM user_settings WHERE user_id = ?", [userID]
            )?.value("default_inactivity_timeout_seconds", as: Int64?.self).map { .seconds($0) }
        }
    }

    public func setDefaultInactivityTimeout(userID: String, to timeout: Duration?) async throws {
        if let timeout, timeout < .seconds(1) {
            throw StoreError(
                code: .invalidArgument, message: "an inactivity timeout must be at least one second, not \(timeout)")
        }
        try await perform("set the default inactivity timeout of user '\(userID)'") { connection in
            try connection.change(
                """
                INSERT INTO user_settings (user_id, default_inactivity_timeout_seconds) VALUES (?, ?)
                ON CONFLICT (user_id) DO UPDATE SET
                    default_inactivity_timeout_seconds = excluded.default_inactivity_timeout_seconds
                """,
                [userID, timeout.wholeSeconds], foreignKey: .notFound("user", id: userID))
        }
    }
}
