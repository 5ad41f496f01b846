#!/usr/bin/env python3
"""Writes a hostile (or merely oversized) pax tar archive for the restore tests.

    hostile_tar.py KIND OUTPUT [ARGUMENT]

KIND is one of:
  dotdot            an entry "../evil"
  absolute          an entry "/etc/evil" (ARGUMENT: the absolute path to use)
  symlink-through   a symbolic link "link" -> ARGUMENT (a directory outside), then a file "link/evil"
  symlink-dotdot    a symbolic link "up" -> "..", then a file "up/evil"
  hardlink-symlink  a symbolic link "s" -> ARGUMENT, a hard link "h" -> "s", then a file "h/evil"
  hardlink-outside  a hard link "passwd" -> ARGUMENT (e.g. /etc/passwd)
  hardlink-dotdot   a hard link "passwd" -> "../../../../etc/passwd"
  hardlink-missing  a hard link "copy" -> "not-in-archive"
  many              ARGUMENT empty files
  bomb              one file of ARGUMENT MiB of zeros
  many-megabytes    ARGUMENT files of 1 MiB of zeros each
  device            a character device "null" (1, 3) next to a regular file "ok"
  xattrs            a file "tagged" with the attributes user.note and trusted.evil

The archive is not compressed; the tests compress it with the zstd CLI.
"""
import io
import sys
import tarfile


def regular(name, data=b"x"):
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mode = 0o644
    return info, io.BytesIO(data)


class Zeros(io.RawIOBase):
    """A readable stream of `size` zero bytes, so big members need no big buffer."""

    def __init__(self, size):
        self.remaining = size

    def readable(self):
        return True

    def readinto(self, buffer):
        count = min(len(buffer), self.remaining)
        buffer[:count] = bytes(count)
        self.remaining -= count
        return count


def main():
    kind, output = sys.argv[1], sys.argv[2]
    argument = sys.argv[3] if len(sys.argv) > 3 else None
    with tarfile.open(output, "w", format=tarfile.PAX_FORMAT) as archive:
        if kind == "dotdot":
            archive.addfile(*regular("../evil"))
        elif kind == "absolute":
            archive.addfile(*regular(argument or "/etc/evil"))
        elif kind == "symlink-through":
            link = tarfile.TarInfo("link")
            link.type = tarfile.SYMTYPE
            link.linkname = argument
            archive.addfile(link)
            archive.addfile(*regular("link/evil"))
        elif kind == "symlink-dotdot":
            link = tarfile.TarInfo("up")
            link.type = tarfile.SYMTYPE
            link.linkname = ".."
            archive.addfile(link)
            archive.addfile(*regular("up/evil"))
        elif kind == "hardlink-symlink":
            link = tarfile.TarInfo("s")
            link.type = tarfile.SYMTYPE
            link.linkname = argument
            archive.addfile(link)
            hard = tarfile.TarInfo("h")
            hard.type = tarfile.LNKTYPE
            hard.linkname = "s"
            archive.addfile(hard)
            archive.addfile(*regular("h/evil"))
        elif kind in ("hardlink-outside", "hardlink-dotdot", "hardlink-missing"):
            archive.addfile(*regular("ok"))
            link = tarfile.TarInfo("passwd" if kind != "hardlink-missing" else "copy")
            link.type = tarfile.LNKTYPE
            link.linkname = {
                "hardlink-outside": argument or "/etc/passwd",
                "hardlink-dotdot": "../../../../etc/passwd",
                "hardlink-missing": "not-in-archive",
            }[kind]
            archive.addfile(link)
        elif kind == "many":
            for index in range(int(argument)):
                archive.addfile(*regular(f"file-{index}", b""))
        elif kind == "bomb":
            info = tarfile.TarInfo("zeros")
            info.size = int(argument) << 20
            archive.addfile(info, io.BufferedReader(Zeros(info.size)))
        elif kind == "many-megabytes":
            for index in range(int(argument)):
                info = tarfile.TarInfo(f"zeros-{index}")
                info.size = 1 << 20
                archive.addfile(info, io.BufferedReader(Zeros(info.size)))
        elif kind == "device":
            archive.addfile(*regular("ok"))
            device = tarfile.TarInfo("null")
            device.type = tarfile.CHRTYPE
            device.devmajor, device.devminor = 1, 3
            device.mode = 0o666
            archive.addfile(device)
        elif kind == "xattrs":
            info, data = regular("tagged")
            info.pax_headers = {"SCHILY.xattr.user.note": "kept", "SCHILY.xattr.trusted.evil": "dropped"}
            archive.addfile(info, data)
        else:
            sys.exit(f"unknown kind {kind}")


if __name__ == "__main__":
    main()
