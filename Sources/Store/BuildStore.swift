/// Image builds and prebuilds.
public protocol BuildStore: Sendable {
    /// Adds an image build.
    /// - Throws: `.conflict` when a build of that tag is recorded (update or delete it instead).
    func createImageBuild(_ build: ImageBuild) async throws
    /// The build of `tag`.
    func findImageBuild(tag: String) async throws -> ImageBuild?
    /// All image builds, newest first.
    func imageBuilds() async throws -> [ImageBuild]
    /// Replaces the stored build that has `build.tag`.
    /// - Throws: `.notFound` when there is none.
    func updateImageBuild(_ build: ImageBuild) async throws
    /// Removes the record of a build, such as a failed one before it is retried.
    /// - Throws: `.notFound` when there is none.
    func deleteImageBuild(tag: String) async throws

    /// Adds a prebuild.
    /// - Throws: `.conflict` when its ID is taken.
    func createPrebuild(_ prebuild: Prebuild) async throws
    /// The prebuild with `id`.
    /// - Throws: `.notFound` when there is none.
    func prebuild(id: String) async throws -> Prebuild
    /// A repository's prebuilds, newest first.
    func prebuilds(cloneURL: String) async throws -> [Prebuild]
    /// The newest available prebuild of a repository at `commit`.
    func findAvailablePrebuild(cloneURL: String, commit: String) async throws -> Prebuild?
    /// Replaces the stored prebuild that has `prebuild.id` (every field but `createdAt`).
    /// - Throws: `.notFound` when there is none.
    func updatePrebuild(_ prebuild: Prebuild) async throws
    /// Removes a prebuild's record.
    /// - Throws: `.notFound` when there is none.
    func deletePrebuild(id: String) async throws
}
