"""Child processes of the script-mode runner: output passed straight through, stop signals forwarded.

StopTrainingJob sends SIGTERM and, after a grace period, SIGKILL. The user's process runs in its own process group
so that SIGTERM reaches the whole tree it started (data loader workers, launchers), and it dies with the runner when
the runner is killed outright. Standard library only, Python 3.8+.
"""
import os
import signal
import subprocess
import sys
import threading

try:
    import ctypes
    _LIBC = ctypes.CDLL(None, use_errno=True)
except (ImportError, OSError, AttributeError):
    _LIBC = None

_PR_SET_PDEATHSIG = 1
TAIL_BYTES = 64 * 1024


class Stopped(Exception):
    """The runner was asked to stop; the job ends without a success or failure file."""

    def __init__(self, child_exit_code=None):
        super(Stopped, self).__init__("stopped")
        self.child_exit_code = child_exit_code
        self.exit_code = child_exit_code or 128 + signal.SIGTERM


def _in_child():
    os.setpgid(0, 0)
    if _LIBC is not None:
        try:
            _LIBC.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except AttributeError:
            pass


class _Tail(object):
    def __init__(self):
        self.data = b""

    def add(self, chunk):
        self.data = (self.data + chunk)[-TAIL_BYTES:]

    def text(self):
        return self.data.decode("utf-8", "replace")


def _write_all(fd, data):
    while data:
        try:
            written = os.write(fd, data)
        except OSError:
            return
        data = data[written:]


def _pump(stream, tail):
    fd = stream.fileno()
    while True:
        chunk = os.read(fd, 65536)
        if not chunk:
            break
        _write_all(2, chunk)
        tail.add(chunk)
    stream.close()


class Supervisor(object):
    """Runs one child at a time; forwards SIGTERM and SIGINT to its process group."""

    def __init__(self, log):
        self.log = log
        self.child = None
        self.stopping = False

    def handle_signals(self):
        signal.signal(signal.SIGTERM, self._on_signal)
        signal.signal(signal.SIGINT, self._on_signal)

    def _on_signal(self, signum, frame):
        self.stopping = True
        child = self.child
        if child is None:
            return
        self.log.info("Forwarding signal %s to the process group of pid %s", signum, child.pid)
        self._signal(child, signum)

    @staticmethod
    def _signal(child, signum):
        try:
            os.killpg(child.pid, signum)
        except OSError:
            try:
                child.send_signal(signum)
            except OSError:
                pass

    def run(self, command, cwd, env):
        """Runs command (a string goes through /bin/sh); returns (exit code, stderr tail). Stdout is inherited.
        Raises Stopped instead once a stop signal has arrived, whatever the child's exit code."""
        if self.stopping:
            raise Stopped()
        sys.stdout.flush()
        sys.stderr.flush()
        child = subprocess.Popen(command, shell=isinstance(command, str), cwd=cwd, env=env,
                                 stdin=subprocess.DEVNULL, stderr=subprocess.PIPE, preexec_fn=_in_child)
        try:
            os.setpgid(child.pid, child.pid)
        except OSError:
            pass  # the child got there first, or has already exec'd
        self.child = child
        if self.stopping:
            self._signal(child, signal.SIGTERM)
        tail = _Tail()
        pump = threading.Thread(target=_pump, args=(child.stderr, tail), name="stderr-pump")
        pump.daemon = True
        pump.start()
        return_code = child.wait()
        # A background process the script left behind may hold stderr open; don't wait on it for long.
        pump.join(10)
        self.child = None
        # A shell reports a child killed by signal n as 128 + n; so do we, whoever exec'd what.
        return_code = 128 - return_code if return_code < 0 else return_code
        if self.stopping:
            raise Stopped(return_code)
        return return_code, tail.text()
