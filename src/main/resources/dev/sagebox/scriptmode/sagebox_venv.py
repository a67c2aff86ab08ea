"""Virtual environments for requirements.txt, cached by content so a second run starts as fast as the first.

In the cloud, pip installs into the image's own Python. Here the interpreter belongs to the user, so each set of
requirements gets a venv that still sees the interpreter's packages. It sees them through a .pth file naming the
interpreter's site directories: --system-site-packages is not enough when the interpreter is itself a venv, because
a venv made from a venv sees only the base Python's packages (venv takes `home` from sys._base_executable).
Standard library only, Python 3.8+.
"""
import fcntl
import hashlib
import os
import shutil
import sys
import sysconfig

READY_MARKER = ".sagebox-ready"
PTH_NAME = "_sagebox_interpreter_site.pth"


def tree_digest(directory):
    """sha256 over the relative paths and contents of every file under directory."""
    digest = hashlib.sha256()
    for root, dirs, files in os.walk(directory):
        dirs.sort()
        for name in sorted(files):
            path = os.path.join(root, name)
            digest.update(os.path.relpath(path, directory).encode("utf-8", "surrogateescape") + b"\0")
            if os.path.isfile(path):
                with open(path, "rb") as f:
                    for block in iter(lambda: f.read(1 << 20), b""):
                        digest.update(block)
            digest.update(b"\0")
    return digest.hexdigest()


def interpreter_site_dirs():
    """The running interpreter's import path past the script's own directory, less the standard library (the venv
    has its own, and pip's build isolation strips whatever a .pth re-adds) and less what PYTHONPATH added."""
    from_env = set(os.path.normpath(p) for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p)
    stdlib = set(os.path.normpath(sysconfig.get_path(name)) for name in ("stdlib", "platstdlib"))
    dirs = []
    for entry in sys.path[1:]:
        path = os.path.normpath(entry) if entry else ""
        if not path or path in from_env or path in stdlib or not os.path.isdir(path):
            continue
        if os.path.basename(path) == "lib-dynload" and os.path.dirname(path) in stdlib:
            continue
        dirs.append(path)
    return dirs


def _site_packages(venv):
    return os.path.join(venv, "lib", "python%d.%d" % sys.version_info[:2], "site-packages")


def _create(venv, supervisor):
    command = [sys.executable, "-m", "venv", "--without-pip", venv]
    code, stderr = supervisor.run(command, os.path.dirname(venv), None)
    if code != 0:
        raise RuntimeError("cannot create a virtual environment (%s exited %s): %s"
                           % (" ".join(command), code, stderr.strip()[-2000:]))
    site_packages = _site_packages(venv)
    if not os.path.isdir(site_packages):
        os.makedirs(site_packages)
    with open(os.path.join(site_packages, PTH_NAME), "w") as f:
        f.write("".join(p + "\n" for p in interpreter_site_dirs()))


def cached_venv(cache_dir, key, install, supervisor, log):
    """Returns the python of the venv named key, building it with install(python) unless a complete one exists."""
    if not os.path.isdir(cache_dir):
        os.makedirs(cache_dir, exist_ok=True)
    venv = os.path.join(cache_dir, key)
    python = os.path.join(venv, "bin", "python")
    # One builder per key at a time; a second job with the same requirements waits and then reuses the result.
    with open(venv + ".lock", "a") as lock:
        fcntl.flock(lock.fileno(), fcntl.LOCK_EX)
        if os.path.exists(os.path.join(venv, READY_MARKER)):
            log.info("Reusing the cached environment %s: requirements were installed by an earlier run", venv)
            return python
        if os.path.exists(venv):
            shutil.rmtree(venv)  # left half-built by a run that was killed
        log.info("Creating the environment %s for this job's requirements", venv)
        try:
            _create(venv, supervisor)
            install(python)
        except BaseException:
            shutil.rmtree(venv, ignore_errors=True)
            raise
        with open(os.path.join(venv, READY_MARKER), "w") as f:
            f.write(sys.executable + "\n")
            f.flush()
            os.fsync(f.fileno())
    return python
