// libarchive, as Swiftpod uses it: pax archives compressed with zstd, read from and written to disk.
#include <archive.h>
#include <archive_entry.h>

/// Gives the calling thread its own working directory, umask and root (unshare(CLONE_FS)), so that it can chdir
/// into an extraction root without moving the rest of the process. Returns 0 or -1 with errno set.
static inline int swiftpod_unshare_filesystem_context(void) {
    extern int unshare(int flags);
    return unshare(0x00000200 /* CLONE_FS */);
}

/// Flushes the whole file system that holds `fd` (syncfs(2)). Returns 0 or -1 with errno set.
static inline int swiftpod_syncfs(int fd) {
    extern int syncfs(int fd);
    return syncfs(fd);
}

/// Sends `length` bytes of `buffer` on the socket `fd` without raising SIGPIPE when the peer has closed it (send(2)
/// with MSG_NOSIGNAL). Returns the count sent, or -1 with errno set.
#include <sys/socket.h>
static inline ssize_t swiftpod_send_nosignal(int fd, const void *buffer, size_t length) {
    return send(fd, buffer, length, MSG_NOSIGNAL);
}
