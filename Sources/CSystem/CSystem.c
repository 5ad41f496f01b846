#define _GNU_SOURCE
#include "CSystem.h"

#include <pthread.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <grp.h>
#include <sys/prctl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/fsuid.h>
#include <sys/wait.h>
#include <termios.h>

int csystem_accept_nonblocking(int fd, struct sockaddr *address, socklen_t *length) {
    return accept4(fd, address, length, SOCK_NONBLOCK | SOCK_CLOEXEC);
}

int csystem_socket_nonblocking(int domain, int type) {
    return socket(domain, type | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
}

ssize_t csystem_send(int fd, const void *buffer, size_t length) {
    return send(fd, buffer, length, MSG_NOSIGNAL);
}

void csystem_ignore_sigpipe(void) {
    signal(SIGPIPE, SIG_IGN);
}

int csystem_block_signal(int signo) {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, signo);
    return pthread_sigmask(SIG_BLOCK, &set, NULL);
}

int csystem_open_pty(int *master, char *slave_name, size_t slave_name_length) {
    int fd = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0) return -1;
    if (grantpt(fd) != 0 || unlockpt(fd) != 0 || ptsname_r(fd, slave_name, slave_name_length) != 0) {
        int saved = errno;
        close(fd);
        errno = saved;
        return -1;
    }
    *master = fd;
    return 0;
}

int csystem_set_window_size(int fd, unsigned short cols, unsigned short rows) {
    struct winsize size = {.ws_row = rows, .ws_col = cols};
    return ioctl(fd, TIOCSWINSZ, &size);
}

int csystem_get_window_size(int fd, unsigned short *cols, unsigned short *rows) {
    struct winsize size;
    if (ioctl(fd, TIOCGWINSZ, &size) != 0) return -1;
    *cols = size.ws_col;
    *rows = size.ws_row;
    return 0;
}

int csystem_spawn_in_terminal(const char *path, char *const argv[], char *const envp[], const char *tty_path,
                              const char *cwd, const struct csystem_identity *identity) {
    // Reports the child's failure (an errno) before exec; closed by a successful exec.
    int report[2];
    if (pipe2(report, O_CLOEXEC) != 0) return -errno;
    pid_t pid = fork();
    if (pid < 0) {
        int saved = errno;
        close(report[0]);
        close(report[1]);
        return -saved;
    }
    if (pid == 0) {
        // The child of a multi-threaded parent: only async-signal-safe calls until exec.
        struct sigaction defaults = {.sa_handler = SIG_DFL};
        for (int signo = 1; signo < NSIG; signo++) sigaction(signo, &defaults, NULL);
        sigset_t empty;
        sigemptyset(&empty);
        sigprocmask(SIG_SETMASK, &empty, NULL);
        int fd = -1;
        if (setsid() < 0) goto fail;
        // Opened without O_NOCTTY by a session leader, the slave becomes the controlling terminal.
        fd = open(tty_path, O_RDWR);
        if (fd < 0) goto fail;
        ioctl(fd, TIOCSCTTY, 0);
        if (dup2(fd, 0) < 0 || dup2(fd, 1) < 0 || dup2(fd, 2) < 0) goto fail;
        if (fd > 2) close(fd);
        if (identity != NULL) {
            if (setgroups(identity->group_count, identity->groups) != 0) goto fail;
            if (setgid(identity->gid) != 0) goto fail;
            if (setuid(identity->uid) != 0) goto fail;
        }
        if (cwd != NULL && chdir(cwd) != 0) goto fail;
        execve(path, argv, envp);
    fail:;
        int error = errno;
        (void)!write(report[1], &error, sizeof error);
        _exit(127);
    }
    close(report[1]);
    int error = 0;
    ssize_t count;
    do {
        count = read(report[0], &error, sizeof error);
    } while (count < 0 && errno == EINTR);
    close(report[0]);
    if (count == (ssize_t)sizeof error) {
        // The child failed before exec and has exited; collect it.
        while (waitpid(pid, NULL, 0) < 0 && errno == EINTR) {}
        return -error;
    }
    return pid;
}

int csystem_spawn_actions_close_from(posix_spawn_file_actions_t *actions, int lowest) {
    return posix_spawn_file_actions_addclosefrom_np(actions, lowest);
}

int csystem_become_subreaper(void) {
    return prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
}

const int csystem_o_path = O_PATH;

int csystem_set_thread_fs_identity(const struct csystem_identity *identity, gid_t *saved, size_t saved_capacity,
                                   size_t *saved_count) {
    long count = syscall(SYS_getgroups, (int)saved_capacity, saved);
    if (count < 0) return -1;
    *saved_count = (size_t)count;
    if (syscall(SYS_setgroups, identity->group_count, identity->groups) != 0) return -1;
    syscall(SYS_setfsgid, identity->gid);
    syscall(SYS_setfsuid, identity->uid);
    // setfsuid and setfsgid report the previous value, not failure: read them back.
    if ((uid_t)syscall(SYS_setfsuid, (uid_t)-1) != identity->uid ||
        (gid_t)syscall(SYS_setfsgid, (gid_t)-1) != identity->gid) {
        csystem_restore_thread_fs_identity(saved, *saved_count);
        errno = EPERM;
        return -1;
    }
    return 0;
}

void csystem_restore_thread_fs_identity(const gid_t *saved, size_t saved_count) {
    syscall(SYS_setfsuid, geteuid());
    syscall(SYS_setfsgid, getegid());
    syscall(SYS_setgroups, saved_count, saved);
}

int csystem_rename_no_replace(int from_dir, const char *from, int to_dir, const char *to) {
#ifdef SYS_renameat2
    long result = syscall(SYS_renameat2, from_dir, from, to_dir, to, 1 /* RENAME_NOREPLACE */);
    if (result == 0) return 0;
    if (errno != EINVAL && errno != ENOSYS) return -1;
#endif
    if (linkat(from_dir, from, to_dir, to, 0) == 0) {
        unlinkat(from_dir, from, 0);
        return 0;
    }
    // Directories cannot be hard-linked: check and rename, which only a concurrent creation can race.
    if (errno != EPERM) return -1;
    struct stat status;
    if (fstatat(to_dir, to, &status, AT_SYMLINK_NOFOLLOW) == 0) {
        errno = EEXIST;
        return -1;
    }
    return renameat(from_dir, from, to_dir, to);
}
