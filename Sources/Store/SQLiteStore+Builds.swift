import Foundation
import SQLite

extension SQLiteStore: BuildStore {
    private static let imageBuildColumns = "tag, state, log_path, started_at, finished_at, failure"
    private static let prebuildColumns =
        "id, clone_url, commit_sha, state, snapshot_path, log_path, created_at, finished_at, failure"

    public func createImageBuild(_ build: ImageBuild) async throws {
        try await perform("record the build of image '\(build.tag)'") { connection in
            try connection.change(
                "INSERT INTO image_builds (\(Self.imageBuildColumns)) VALUES (?, ?, ?, ?, ?, ?)",
                [
                    build.tag, build.state.rawValue, build.logPath, build.startedAt.unixMilliseconds,
                    build.finishedAt.unixMilliseconds, build.failure,
                ],
                conflicts: ["image_builds.tag": "a build of image '\(build.tag)' is already recorded"])
        }
    }

    public func findImageBuild(tag: String) async throws -> ImageBuild? {
        try await perform("find the build of image '\(tag)'") { connection in
            try connection.queryFirst("SELECT \(Self.imageBuildColumns) FROM image_builds WHERE tag = ?", [tag])
                .map(Self.imageBuild)
        }
    }

    public func imageBuilds() async throws -> [ImageBuild] {
        try await perform("list image builds") { connection in
            try connection.query("SELECT \(Self.imageBuildColumns) FROM image_builds ORDER BY started_at DESC, tag")
                .map(Self.imageBuild)
        }
    }

    public func updateImageBuild(_ build: ImageBuild) async throws {
        try await perform("update the build of image '\(build.tag)'") { connection in
            try connection.changeOne(
                "UPDATE image_builds SET state = ?, log_path = ?, started_at = ?, finished_at = ?, failure = ? "
                    + "WHERE tag = ?",
                [
                    build.state.rawValue, build.logPath, build.startedAt.unixMilliseconds,
                    build.finishedAt.unixMilliseconds, build.failure, build.tag,
                ],
                notFound: StoreError(code: .notFound, message: "no build of image '\(build.tag)' is recorded"))
        }
    }

    public func deleteImageBuild(tag: String) async throws {
        try await perform("delete the build of image '\(tag)'") { connection in
            try connection.changeOne(
                "DELETE FROM image_builds WHERE tag = ?", [tag],
                notFound: StoreError(code: .notFound, message: "no build of image '\(tag)' is recorded"))
        }
    }

    public func createPrebuild(_ prebuild: Prebuild) async throws {
        try await perform("create prebuild '\(prebuild.id)'") { connection in
            try connection.change(
                "INSERT INTO prebuilds (\(Self.prebuildColumns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    prebuild.id, prebuild.cloneURL, prebuild.commit, prebuild.state.rawValue, prebuild.snapshotPath,
                    prebuild.logPath, prebuild.createdAt.unixMilliseconds, prebuild.finishedAt.unixMilliseconds,
                    prebuild.failure,
                ],
                conflicts: ["prebuilds.id": "a prebuild with id '\(prebuild.id)' already exists"])
        }
    }

    public func prebuild(id: String) async throws -> Prebuild {
        let prebuild = try await perform("read prebuild '\(id)'") { connection in
            try connection.queryFirst("SELECT \(Self.prebuildColumns) FROM prebuilds WHERE id = ?", [id])
                .map(Self.prebuild)
        }
        guard let prebuild else { throw StoreError.notFound("prebuild", id: id) }
        return prebuild
    }

    public func prebuilds(cloneURL: String) async throws -> [Prebuild] {
        try await perform("list the prebuilds of '\(cloneURL)'") { connection in
            try connection.query(
                "SELECT \(Self.prebuildColumns) FROM prebuilds WHERE clone_url = ? ORDER BY created_at DESC, rowid DESC",
                [cloneURL]
            ).map(Self.prebuild)
        }
    }

    public func findAvailablePrebuild(cloneURL: String, commit: String) async throws -> Prebuild? {
        try await perform("find a prebuild of '\(cloneURL)' at \(commit)") { connection in
            try connection.queryFirst(
                """
                SELECT \(Self.prebuildColumns) FROM prebuilds
                WHERE clone_url = ? AND commit_sha = ? AND state = 'available'
                ORDER BY created_at DESC, rowid DESC LIMIT 1
                """,
                [cloneURL, commit]
            ).map(Self.prebuild)
        }
    }

    public func updatePrebuild(_ prebuild: Prebuild) async throws {
        try await perform("update prebuild '\(prebuild.id)'") { connection in
            try connection.changeOne(
                """
                UPDATE prebuilds SET clone_url = ?, commit_sha = ?, state = ?, snapshot_path = ?, log_path = ?,
                    finished_at = ?, failure = ?
                WHERE id = ?
                """,
                [
                    prebuild.cloneURL, prebuild.commit, prebuild.state.rawValue, prebuild.snapshotPath,
                    prebuild.logPath, prebuild.finishedAt.unixMilliseconds, prebuild.failure, prebuild.id,
                ],
                notFound: .notFound("prebuild", id: prebuild.id))
        }
    }

    public func deletePrebuild(id: String) async throws {
        try await perform("delete prebuild '\(id)'") { connection in
            try connection.changeOne(
                "DELETE FROM prebuilds WHERE id = ?", [id], notFound: .notFound("prebuild", id: id))
        }
    }

    private static func imageBuild(_ row: SQLiteRow) throws -> ImageBuild {
        ImageBuild(
            tag: try row.value("tag"), state: try row.enumeration("state"), logPath: try row.value("log_path"),
            startedAt: try row.date("started_at"), finishedAt: try row.optionalDate("finished_at"),
            failure: try row.value("failure"))
    }

    private static func prebuild(_ row: SQLiteRow) throws -> Prebuild {
        Prebuild(
            id: try row.value("id"), cloneURL: try row.value("clone_url"), commit: try row.value("commit_sha"),
            state: try row.enumeration("state"), snapshotPath: try row.value("snapshot_path"),
            logPath: try row.value("log_path"), createdAt: try row.date("created_at"),
            finishedAt: try row.optionalDate("finished_at"), failure: try row.value("failure"))
    }
}
