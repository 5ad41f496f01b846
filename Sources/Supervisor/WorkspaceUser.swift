import CSystem
import Glibc

/// The user that tasks and terminals run as (Gitpod's `gitpod`, uid 33333), as the system's user database has it.
public struct WorkspaceUser: Sendable, Equatable {
    public var name: String
    public var uid: uid_t
    public var gid: gid_t
    /// Supplementary groups, the primary one included.
    public var groups: [gid_t]
    public var home: String

    public init(name: String, uid: uid_t, gid: gid_t, groups: [gid_t], home: String) {
        self.name = name
        self.uid = uid
        self.gid = gid
        self.groups = groups
        self.home = home
    }

    /// Looks up `user`, a name or a numeric uid, in the user database.
    /// - Throws: `SupervisorError` when there is no such user.
    public static func lookUp(_ user: String) throws -> WorkspaceUser {
        var entry = passwd()
        var buffer = [CChar](repeating: 0, count: 16 << 10)
        var result: UnsafeMutablePointer<passwd>?
        if let uid = uid_t(user) {
            getpwuid_r(uid, &entry, &buffer, buffer.count, &result)
        } else {
            getpwnam_r(user, &entry, &buffer, buffer.count, &result)
        }
        guard result != nil, let namePointer = entry.pw_name, let homePointer = entry.pw_dir else {
            throw SupervisorError(
                code: .invalidConfiguration, message: "--user '\(user)': no such user in the image's /etc/passwd")
        }
        let name = String(cString: namePointer)
        var groups = [gid_t](repeating: 0, count: 256)
        var count = Int32(groups.count)
        if getgrouplist(name, entry.pw_gid, &groups, &count) < 0 { count = 0 }
        let supplementary = count > 0 ? Array(groups.prefix(Int(count))) : [entry.pw_gid]
        return WorkspaceUser(
            name: name, uid: entry.pw_uid, gid: entry.pw_gid, groups: supplementary, home: String(cString: homePointer))
    }

    /// The login variables a shell of this user expects.
    public var environment: [String: String] {
        ["HOME": home, "USER": name, "LOGNAME": name]
    }

    /// Calls `body` with the C description of this user.
    func withIdentity<Result>(_ body: (UnsafePointer<csystem_identity>) -> Result) -> Result {
        groups.withUnsafeBufferPointer { groups in
            var identity = csystem_identity(
                uid: uid, gid: gid, groups: groups.baseAddress, group_count: groups.count)
            return body(&identity)
        }
    }
}
