// Linux calls that Swift's Glibc module does not export, reached through one small C target.
#ifndef SWIFTPOD_CSYSTEM_H
#define SWIFTPOD_CSYSTEM_H

#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <spawn.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <sys/un.h>
#include <stdint.h>
#include <unistd.h>

/// Reads errno (a macro, so Swift cannot always see it directly).
static inline int csystem_errno(void) { return errno; }

/// The epoll_event data union, made readable from Swift (the struct is packed on x86_64).
static inline uint64_t csystem_epoll_event_data(const struct epoll_event *event) { return event->data.u64; }
static inline uint32_t csystem_epoll_event_events(const struct epoll_event *event) { return event->events; }
static inline struct epoll_event csystem_epoll_event_make(uint32_t events, uint64_t data) {
    struct epoll_event event;
    event.events = events;
    event.data.u64 = data;
    return event;
}

/// accept4 with SOCK_NONBLOCK | SOCK_CLOEXEC.
int csystem_accept_nonblocking(int fd, struct sockaddr *address, socklen_t *length);

/// A non-blocking, close-on-exec socket.
int csystem_socket_nonblocking(int domain, int type);

/// send() that never raises SIGPIPE.
ssize_t csystem_send(int fd, const void *buffer, size_t length);

/// Ignores SIGPIPE for the whole process.
void csystem_ignore_sigpipe(void);

/// Blocks the given signal in the calling thread (and threads it creates later).
int csystem_block_signal(int signo);

/// Opens a new pseudo-terminal: `*master` gets the master side (non-blocking, close-on-exec) and `slave_name` the
/// path of the slave side (`/dev/pts/N`). Returns 0, or -1 with errno set.
int csystem_open_pty(int *master, char *slave_name, size_t slave_name_length);

/// Sets a terminal's window size (TIOCSWINSZ). Returns 0, or -1 with errno set.
int csystem_set_window_size(int fd, unsigned short cols, unsigned short rows);

/// Who a spawned process runs as: its uid, primary gid and supplementary groups.
struct csystem_identity {
    uid_t uid;
    gid_t gid;
    const gid_t *groups;
    size_t group_count;
};

/// Reads a terminal's window size (TIOCGWINSZ). Returns 0, or -1 with errno set.
int csystem_get_window_size(int fd, unsigned short *cols, unsigned short *rows);

/// Spawns `path` with `argv` and `envp` as the leader of a new session whose controlling terminal is the slave
/// `tty_path`, which also becomes its standard input, output and error; `cwd` may be NULL, and so may `identity`
/// (the child keeps the caller's). The child starts with an empty signal mask and default dispositions (a child of a
/// Swift concurrency thread would otherwise inherit a mask that blocks SIGTERM). Returns the pid, or -errno (also
/// when the switch of user, the directory change or exec fails in the child).
int csystem_spawn_in_terminal(const char *path, char *const argv[], char *const envp[], const char *tty_path,
                              const char *cwd, const struct csystem_identity *identity);

/// Adds "close every descriptor from `lowest` on" to spawn file actions (glibc's `posix_spawn_file_actions_addclosefrom_np`,
/// which Swift's Glibc module does not export). Returns 0 or an error number.
int csystem_spawn_actions_close_from(posix_spawn_file_actions_t *actions, int lowest);

/// Makes the calling process a child subreaper: orphaned descendants are reparented to it, as to PID 1.
/// Returns 0, or -1 with errno set.
int csystem_become_subreaper(void);

/// `O_PATH` (which the headers declare only with _GNU_SOURCE): a descriptor that names a file without opening it.
extern const int csystem_o_path;

/// Makes the calling thread, and only it, use `identity` for file system access (its fsuid, fsgid and supplementary
/// groups; glibc's setgroups would change every thread). `saved` receives up to `saved_capacity` of the thread's
/// groups and `saved_count` how many, for `csystem_restore_thread_fs_identity`. Returns 0, or -1 with errno set.
int csystem_set_thread_fs_identity(const struct csystem_identity *identity, gid_t *saved, size_t saved_capacity,
                                   size_t *saved_count);

/// Gives the calling thread back the process's file system identity and the supplementary groups `saved` held.
void csystem_restore_thread_fs_identity(const gid_t *saved, size_t saved_count);

/// Renames `from` in `from_dir` to `to` in `to_dir` unless `to` exists (renameat2's RENAME_NOREPLACE, or a hard link
/// and an unlink where the file system lacks it). Returns 0, or -1 with errno set (EEXIST when `to` exists).
int csystem_rename_no_replace(int from_dir, const char *from, int to_dir, const char *to);

#endif
