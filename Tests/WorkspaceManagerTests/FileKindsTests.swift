import ContainerEngine
import Foundation
import TestSupport
import Testing
import WorkspaceManager

/// Every kind of file a workspace holds survives a stop and a start byte for byte, with its metadata, although the
/// new container maps its users to another host id range: what is compared is what the workspace sees inside.
@Suite struct FileKindsTests {
    /// Made inside the container: as gitpod the usual kinds, then as root the ones a user cannot make.
    static let make = #"""
        set -e
        cd /workspace/project
        mkdir -p kinds/empty kinds/deep/a/b/c/d/e
        printf 'data\n' > kinds/file
        ln kinds/file kinds/hardlink
        ln -s file kinds/relative-link
        ln -s /etc/hostname kinds/absolute-link
        ln -s missing kinds/dangling-link
        echo long > "kinds/deep/a/b/c/d/e/$(printf 'n%.0s' $(seq 1 200))"
        printf 'latin-1\n' > "kinds/$(printf 'caf\351')"
        printf 'x' > 'kinds/spaces and "quotes" and \\backslash'
        truncate -s 64M kinds/sparse
        printf 'end' >> kinds/sparse
        head -c 3000000 /dev/urandom > kinds/binary
        printf '#!/bin/sh\n' > kinds/script && chmod 755 kinds/script
        echo secret > kinds/unreadable && chmod 000 kinds/unreadable
        mkdir kinds/locked && echo inside > kinds/locked/file && chmod 000 kinds/locked
        mkfifo kinds/fifo
        touch -d '2001-02-03 04:05:06' kinds/old
        mkdir -m 1777 kinds/sticky
        """#

    static let makeAsRoot = """
        set -e
        cd /workspace/project/kinds
        echo root > root-owned && chown 0:0 root-owned && chmod 600 root-owned
        echo other > other-owned && chown 1234:5678 other-owned
        chmod 4755 script
        """

    /// Lists every entry as the container sees it: name bytes, type, mode, owner, size, a checksum of the content
    /// and, for files, the mtime; and how much of the sparse file is allocated.
    static let list = #"""
        import hashlib, os, stat, sys
        root = b"/workspace/project/kinds"
        for directory, names, files in sorted(os.walk(root)):
            for name in sorted(names + files):
                path = os.path.join(directory, name)
                info = os.lstat(path)
                kind = stat.S_IFMT(info.st_mode)
                line = [repr(path[len(root):]), oct(info.st_mode), info.st_uid, info.st_gid, info.st_nlink]
                if stat.S_ISREG(info.st_mode):
                    with open(path, "rb") as handle:
                        line += [info.st_size, hashlib.sha256(handle.read()).hexdigest(), int(info.st_mtime)]
                elif stat.S_ISLNK(info.st_mode):
                    line.append(repr(os.readlink(path)))
                print(*line)
        sparse = os.stat(root + b"/sparse")
        print("sparse-allocated-mb", sparse.st_blocks * 512 // (1 << 20))
        """#

    @Test func everyKindOfFileComesBackAsItWasInANewIDRange() async throws {
        try await ManagerFixture.with(prefix: "wsm-kinds") { fixture in
            try await fixture.createWorkspace("w9")
            // Nothing kept: the restart restores the backup.
            let manager = fixture.manager(keptFiles: .never)
            let first = try await withTimeout(ManagerFixture.operationTimeout) {
                try await manager.start(workspaceID: "w9")
            }
            let container = try #require(first.containerID)
            _ = try await fixture.execute(container, Self.make)
            _ = try await run(fixture, container, ["sh", "-c", Self.makeAsRoot], user: "root")
            let before = try await run(fixture, container, ["python3", "-c", Self.list], user: "root")
            #expect(before.contains("'/unreadable' 0o100000 33333 33333"), "\(before)")
            #expect(before.contains("'/root-owned' 0o100600 0 0"))
            #expect(before.contains("'/other-owned' 0o100644 1234 5678"))
            #expect(before.contains("'/caf\\xe9'"))
            #expect(before.contains("'/hardlink' 0o100644 33333 33333 2"))
            #expect(before.contains("sparse-allocated-mb 0"))

            // Another workspace takes the first id range meanwhile, so the restart lands in a different one.
            try await fixture.createWorkspace("w10")
            _ = try await withTimeout(ManagerFixture.operationTimeout) { try await manager.stop(workspaceID: "w9") }
            let other = try await withTimeout(ManagerFixture.operationTimeout) {
                try await manager.start(workspaceID: "w10")
            }
            let second = try await withTimeout(ManagerFixture.operationTimeout) {
                try await manager.start(workspaceID: "w9")
            }
            #expect(second.contentSource == .backup)
            #expect(second.hostIDOffset != first.hostIDOffset)
            let after = try await run(
                fixture, try #require(second.containerID), ["python3", "-c", Self.list], user: "root")
            #expect(after == before)
            // On the host the files belong to the new range.
            let directory = manager.directory(workspaceID: "w9").content + "/project/kinds"
            let owner = try FileManager.default.attributesOfItem(atPath: directory + "/root-owned")[.ownerAccountID]
            #expect((owner as? NSNumber)?.intValue == second.hostIDOffset)
            _ = try await manager.stop(workspaceID: "w9")
            _ = try await manager.stop(workspaceID: other.workspaceID)
        }
    }

    private func run(
        _ fixture: ManagerFixture, _ container: String, _ command: [String], user: String
    ) async throws -> String {
        let result = try await fixture.client.exec(container, command: command, user: user, timeout: .seconds(120))
        let output = String(decoding: result.output.standardOutput, as: UTF8.self)
        let errors = String(decoding: result.output.standardError, as: UTF8.self)
        try #require(result.exitCode == 0, "\(command): \(output)\(errors)")
        return output
    }
}
