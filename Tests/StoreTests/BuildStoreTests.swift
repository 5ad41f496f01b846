import Foundation
import Store
import Testing

@Suite struct BuildStoreTests {
    @Test func imageBuildsAreRecordedByTag() async throws {
        let fixture = try await StoreFixture()
        let store = fixture.store
        var build = ImageBuild(tag: "swiftpod/ws:sha256-aaa", logPath: "logs/aaa.log", startedAt: Sample.time)
        try await store.createImageBuild(build)
        #expect(try await store.findImageBuild(tag: build.tag) == build)
        #expect(try await store.findImageBuild(tag: "unknown") == nil)

        let duplicate = await storeError { try await store.createImageBuild(build) }
        #expect(duplicate?.code == .conflict)
        #expect(duplicate?.message == "a build of image 'swiftpod/ws:sha256-aaa' is already recorded")

        build.state = .failed
        build.finishedAt = Sample.at(90)
        build.failure = "step 3: exit status 1"
        try await store.updateImageBuild(build)
        #expect(try await store.findImageBuild(tag: build.tag) == build)

        let other = ImageBuild(tag: "swiftpod/ws:sha256-bbb", logPath: "logs/bbb.log", startedAt: Sample.at(100))
        try await store.createImageBuild(other)
        #expect(try await store.imageBuilds() == [other, build])

        try await store.deleteImageBuild(tag: build.tag)
        #expect(try await store.imageBuilds() == [other])
        #expect(await storeError { try await store.deleteImageBuild(tag: build.tag) }?.code == .notFound)
        #expect(await storeError { try await store.updateImageBuild(build) }?.code == .notFound)
    }

    @Test func theAvailablePrebuildOfACommitIsFound() async throws {
        let fixture = try await StoreFixture()
        let store = fixture.store
        let url = "https://github.com/swiftpod/demo.git"
        var running = Prebuild(id: "p1", cloneURL: url, commit: "c1", state: .running, createdAt: Sample.time)
        let failed = Prebuild(
            id: "p2", cloneURL: url, commit: "c1", state: .failed, logPath: "logs/p2.log", createdAt: Sample.at(1),
            finishedAt: Sample.at(2), failure: "init task failed")
        let otherCommit = Prebuild(
            id: "p3", cloneURL: url, commit: "c2", state: .available, snapshotPath: "content/p3",
            createdAt: Sample.at(3))
        for prebuild in [running, failed, otherCommit] { try await store.createPrebuild(prebuild) }
        #expect(try await store.findAvailablePrebuild(cloneURL: url, commit: "c1") == nil)

        running.state = .available
        running.snapshotPath = "content/prebuilds/p1.tar.zst"
        running.finishedAt = Sample.at(60)
        try await store.updatePrebuild(running)
        #expect(try await store.findAvailablePrebuild(cloneURL: url, commit: "c1") == running)
        #expect(try await store.findAvailablePrebuild(cloneURL: "https://elsewhere/x.git", commit: "c1") == nil)
        #expect(try await store.prebuild(id: "p2") == failed)
        #expect(try await store.prebuilds(cloneURL: url).map(\.id) == ["p3", "p2", "p1"])

        try await store.deletePrebuild(id: "p2")
        #expect(await storeError { _ = try await store.prebuild(id: "p2") }?.message == "no prebuild with id 'p2'")
        #expect(await storeError { try await store.deletePrebuild(id: "p2") }?.code == .notFound)
        #expect(await storeError { try await store.updatePrebuild(failed) }?.code == .notFound)
        #expect(await storeError { try await store.createPrebuild(running) }?.code == .conflict)
    }
}
