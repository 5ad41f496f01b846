import Testing

@testable import ImageBuilder

@Suite struct DebianMirrorTests {
    @Test func readsTheURIOfTheStanzaWithTheSuite() {
        let text = """
            Types: deb
            # http://snapshot.debian.org/archive/debian/20250520T000000Z
            URIs: http://deb.debian.org/debian
            Suites: bookworm bookworm-updates
            Components: main
            Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

            Types: deb
            URIs: http://deb.debian.org/debian-security
            Suites: bookworm-security
            Components: main
            """
        #expect(DebianMirror.parse(deb822: text, suite: "bookworm") == "http://deb.debian.org/debian")
        #expect(DebianMirror.parse(deb822: text, suite: "bookworm-security") == "http://deb.debian.org/debian-security")
        #expect(DebianMirror.parse(deb822: text, suite: "trixie") == nil)
        #expect(
            DebianMirror.parse(deb822: "Types: deb-src\nURIs: http://x/\nSuites: bookworm\n", suite: "bookworm") == nil)
    }

    @Test func readsOneLineSourcesWithOptions() {
        let text = """
            # deb http://commented.example/debian bookworm main
            deb-src http://src.example/debian bookworm main
            deb [arch=amd64 signed-by=/usr/share/keyrings/k.gpg] http://mirror.example/debian bookworm main contrib
            """
        #expect(DebianMirror.parse(sourcesList: text, suite: "bookworm") == "http://mirror.example/debian")
        #expect(DebianMirror.parse(sourcesList: text, suite: "trixie") == nil)
    }

    @Test func fallsBackFromDeb822ToSourcesListToDebian() {
        let list = "deb http://list.example/debian bookworm main\n"
        #expect(
            DebianMirror.current(suite: "bookworm") { $0.hasSuffix("sources.list") ? list : nil }
                == "http://list.example/debian")
        #expect(DebianMirror.current(suite: "bookworm") { _ in nil } == DebianMirror.fallback)
    }

    @Test func findsMountPointsBelowADirectoryInnerOnesFirst() {
        let table = """
            proc /proc proc rw 0 0
            proc /data/tmp/base-image-1/rootfs/proc proc rw 0 0
            sysfs /data/tmp/base-image-1/rootfs/sys sysfs rw 0 0
            tmpfs /data/tmp/base-image-1/rootfs/sys/fs/cgroup tmpfs rw 0 0
            tmpfs /data/tmp/base-image-10/rootfs/proc tmpfs rw 0 0
            tmpfs /data/tmp/base-image-1/with\\040space tmpfs rw 0 0
            """
        #expect(
            MountTable.mountPoints(under: "/data/tmp/base-image-1", table: table) == [
                "/data/tmp/base-image-1/with space", "/data/tmp/base-image-1/rootfs/sys/fs/cgroup",
                "/data/tmp/base-image-1/rootfs/sys", "/data/tmp/base-image-1/rootfs/proc",
            ])
    }
}
