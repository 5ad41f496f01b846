// content-backup-fixture CONTENT STORE-ROOT WORKSPACE-ID: backs up CONTENT into a local content store, as a workspace
// stop does, in a process of its own, so that a test can kill it with SIGKILL in the middle of the backup.
import Content
import Foundation

let arguments = CommandLine.arguments
guard arguments.count == 4 else {
    FileHandle.standardError.write(Data("usage: content-backup-fixture CONTENT STORE-ROOT WORKSPACE-ID\n".utf8))
    exit(64)
}
do {
    let store = LocalContentStore(root: arguments[2])
    let (manifest, _) = try await store.createBackup(of: arguments[1], workspaceID: arguments[3], idShift: nil)
    print("backed up \(manifest.id)")
} catch {
    FileHandle.standardError.write(Data("content-backup-fixture: \(error)\n".utf8))
    exit(1)
}
