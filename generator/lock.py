"""One build of a project at a time: the lock that ``build``, ``generate`` and ``serve``'s
regeneration hold from reading the digests to publishing the site.

Without it, a second build (or ``generate``, or an edit while ``serve`` runs) rewrote the docs
folder while the first build's MkDocs read it, and the first published a site of old and new
pages mixed; two builds also removed each other's half-written files. With it, the second
waits, says so once, and then runs on the finished first one: both succeed, each site is the
content of one moment, and the one started last publishes last.

    with project_lock(project.docs_dir, waiting=print):
        ...  # write docs_dir, run MkDocs, publish

The lock is ``flock`` on a file in the system's temporary folder named by a hash of the docs
folder's path (nothing is written into the project, not even when a build is refused), holding
the owner's process id for the message. The kernel drops it when the process ends, so a
killed build never leaves it held. A build removes the file as it leaves (a waiting build then
finds the file it locked gone from the path, and locks the path's new file instead), so that
no project leaves one behind (a killed build does). Where ``fcntl`` does not exist (Windows) there is no lock.
An outside ``mkdocs build`` of the same docs folder does not take it.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
import threading
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from .errors import DigestSiteError

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None


def lock_path(docs_dir: Path) -> Path:
    key = hashlib.sha256(str(docs_dir.resolve()).encode("utf-8", "surrogateescape")).hexdigest()[:24]
    return Path(tempfile.gettempdir()) / f"digest-site-{key}.lock"


@contextmanager
def project_lock(docs_dir: Path, waiting: Callable[[str], None] | None = None) -> Iterator[None]:
    """Hold the project's build lock; if another process holds it, call ``waiting`` with a message
    naming it, then wait for it."""
    if fcntl is None:
        yield
        return
    path = lock_path(docs_dir)
    with _COUNTING:
        _AT_LOCK[path] += 1
    try:
        with _locked(path, waiting):
            yield
    finally:
        with _COUNTING:
            _AT_LOCK[path] -= 1


@contextmanager
def _locked(path: Path, waiting: Callable[[str], None] | None) -> Iterator[None]:
    said = False
    while True:
        handle = _open(path)
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if waiting and not said and _AT_LOCK[path] == 1:  # (not this process's: serve's own render)
                waiting(f"another build of this project is running ({_holder(handle)}); waiting for it to finish")
                said = True
            fcntl.flock(handle, fcntl.LOCK_EX)
        if _still_at(handle, path):
            break
        handle.close()  # its holder removed it on leaving: lock the file now at the path
    try:
        handle.truncate(0)
        handle.write(str(os.getpid()))
        handle.flush()
        yield
    finally:  # the file is removed while held (each project left one in the temporary folder), then released
        with contextlib.suppress(OSError):
            os.unlink(path)
        handle.close()


# The threads of this process at each lock, holding or waiting for it: `serve` regenerating while
# its own render held the lock said "another build of this project is running (process N)" of itself
_AT_LOCK: Counter[Path] = Counter()
_COUNTING = threading.Lock()


def _open(path: Path):
    """The lock file at ``path``, made if missing, never opened through a link: the temporary folder
    is every user's and the path can be foreseen, so another user's link there made the build
    empty the file it pointed to (a ``~/.bashrc``) and write its process id into it."""
    try:
        descriptor = os.open(path, os.O_RDWR | os.O_CREAT | os.O_APPEND | getattr(os, "O_NOFOLLOW", 0), 0o644)
    except OSError as exc:
        if not path.is_symlink():
            raise
        raise DigestSiteError(f"{path}: the build's lock file is a symbolic link, which another user of this machine "
                              "may have made to have the build write into the file it points to: remove it") from exc
    return os.fdopen(descriptor, "a+", encoding="ascii")


def _still_at(handle, path: Path) -> bool:
    """Whether the locked file is the one at ``path`` (not one a finished holder removed)."""
    try:
        return os.stat(path).st_ino == os.fstat(handle.fileno()).st_ino
    except FileNotFoundError:
        return False


def _holder(handle) -> str:
    handle.seek(0)
    pid = handle.read().strip()
    return f"process {pid}" if pid.isdigit() else "another process"
