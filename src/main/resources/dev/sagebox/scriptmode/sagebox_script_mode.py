"""Runs one host of a SageMaker script-mode training job as the SageMaker training toolkit does in the cloud.

Fills /opt/ml/code, installs requirements.txt into a cached virtual environment, runs the user's entry point through
/bin/sh with the toolkit's arguments and SM_* variables, and writes output/success or output/failure. Standard library
only, Python 3.8+. Control variables (removed from the user's environment):

  SAGEBOX_OPT_ML          the host's /opt/ml tree (default /opt/ml)
  SAGEBOX_SUBMIT_TARBALL  local file holding the s3:// sagemaker_submit_directory tarball
  SAGEBOX_VENV_CACHE      directory of cached virtual environments for requirements.txt
  SAGEBOX_NUM_GPUS        GPUs given to this host (default 0)
  SAGEBOX_RESULT_FILE     where to write a JSON summary for the runner (optional)
"""
import hashlib
import json
import logging
import os
import re
import shlex
import shutil
import subprocess
import sys
import tarfile
import tempfile
import traceback

import sagebox_training_env as training_env
from sagebox_process import Stopped, Supervisor
from sagebox_venv import cached_venv, tree_digest

LOG = logging.getLogger("sagebox-script-mode")
CONTROL_VARIABLES = ("SAGEBOX_OPT_ML", "SAGEBOX_SUBMIT_TARBALL", "SAGEBOX_VENV_CACHE", "SAGEBOX_NUM_GPUS",
                     "SAGEBOX_RESULT_FILE")
DEFAULT_FAILURE_CODE = 1

# The toolkit starts ErrorMessage at the first stderr line naming one of these (sagemaker_training._PYTHON_ERRORS_).
ERROR_MARKERS = (
    "BaseException", "Exception", "ArithmeticError", "AssertionError", "AttributeError", "BlockingIOError",
    "BrokenPipeError", "BufferError", "ChildProcessError", "ConnectionAbortedError", "ConnectionError",
    "ConnectionRefusedError", "ConnectionResetError", "EOFError", "EnvironmentError", "FileExistsError",
    "FileNotFoundError", "FloatingPointError", "IOError", "ImportError", "IndentationError", "IndexError",
    "InterruptedError", "IsADirectoryError", "KeyError", "LookupError", "MemoryError", "ModuleNotFoundError",
    "NameError", "NotADirectoryError", "NotImplementedError", "OSError", "OverflowError", "PermissionError",
    "ProcessLookupError", "RecursionError", "ReferenceError", "RuntimeError", "SyntaxError", "SystemError",
    "TabError", "TimeoutError", "TypeError", "UnboundLocalError", "UnicodeDecodeError", "UnicodeEncodeError",
    "UnicodeError", "UnicodeTranslateError", "ValueError", "ZeroDivisionError", "Invalid requirement",
    "ResourceExhaustedError", "OutOfRangeError", "InvalidArgumentError", "mpirun.real", "ORTE",
)
MAX_ERROR_MESSAGE = 4000
SHELL_SPECIAL = re.compile(r"[\s|&;<>()$`\\\"'*?\[\]#~{}!]")

PROGRAM, PACKAGE, COMMAND = "PYTHON_PROGRAM", "PYTHON_PACKAGE", "COMMAND"


class ClientError(Exception):
    """A failure of the user's job, reported in output/failure as the toolkit reports it."""


class CalledProcessError(ClientError):
    """errors._CalledProcessError: ExecuteUserScriptError, InstallRequirementsError, InstallModuleError."""

    def __init__(self, kind, cmd, return_code, output, info=None):
        super(CalledProcessError, self).__init__(kind)
        self.kind, self.cmd, self.return_code, self.output, self.info = kind, cmd, return_code, output, info

    def __str__(self):
        extra = '\nExtraInfo "%s"' % self.info if self.info else ""
        return ('%s:\nExitCode %s\nErrorMessage "%s"%s\nCommand "%s"'
                % (self.kind, self.return_code, self.output or "", extra, self.cmd)).strip()


def error_message(stderr_text):
    """The toolkit's ErrorMessage: stderr from the first line naming an error, else the last lines of stderr."""
    lines = [line.strip(" :") for line in stderr_text.splitlines()]
    start = next((i for i, line in enumerate(lines) if any(m in line for m in ERROR_MARKERS)), None)
    picked = [line for line in (lines[start:] if start is not None else lines[-10:]) if line]
    text = "\n".join(dict.fromkeys(picked))
    if len(text) <= MAX_ERROR_MESSAGE:
        return text
    return text[:MAX_ERROR_MESSAGE] if start is not None else text[-MAX_ERROR_MESSAGE:]


def entry_point_type(code_dir, name):
    """_entry_point_type.get: *.sh is a command, setup.py makes a package, *.py a program, the rest commands."""
    if name.endswith(".sh"):
        return COMMAND
    if "setup.py" in os.listdir(code_dir):
        return PACKAGE
    if name.endswith(".py"):
        return PROGRAM
    return COMMAND


def warn_about_shell_values(env):
    """Names each hyperparameter the shell will split or expand, as it does in the cloud."""
    risky = []
    for key in sorted(env.user_hyperparameters):
        name, value = training_env.to_cmd_args({key: env.user_hyperparameters[key]})
        if SHELL_SPECIAL.search(name) or SHELL_SPECIAL.search(value) or value == "":
            risky.append(key)
    if risky:
        LOG.warning("Hyperparameters %s hold whitespace, shell metacharacters or nothing at all. SageMaker's "
                    "training toolkit joins the command line and runs it through /bin/sh, in the cloud as here, "
                    "so the shell splits or expands these values before the script sees them.",
                    ", ".join(repr(k) for k in risky))


def fill_code_dir(uri, paths, tarball):
    """files.download_and_extract: fill an empty code dir from the submit directory; never fetch over HTTP."""
    code = paths.code
    if not os.path.isdir(code):
        os.makedirs(code)
    if os.listdir(code):
        return
    if uri.startswith("s3://"):
        if not tarball:
            raise ClientError("sagemaker_submit_directory %s was not resolved to a local file" % uri)
        _extract(tarball, code)
        return
    local = paths.rebase(uri[len("file://"):] if uri.startswith("file://") else uri)
    if os.path.isdir(local):
        if os.path.abspath(local) != code:
            shutil.copytree(local, code, dirs_exist_ok=True)
    elif os.path.isfile(local):
        if tarfile.is_tarfile(local):
            _extract(local, code)
        else:
            shutil.copy2(local, code)
    else:
        raise ClientError("sagemaker_submit_directory %s does not exist" % uri)


def _extract(archive, destination):
    root = os.path.realpath(destination)
    with tarfile.open(archive, "r:*") as tar:
        members = tar.getmembers()
        for member in members:
            target = os.path.realpath(os.path.join(root, member.name))
            if target != root and not target.startswith(root + os.sep):
                raise ClientError("the source tarball %s holds %s, outside its directory" % (archive, member.name))
        if hasattr(tarfile, "data_filter"):
            tar.extractall(destination, members=members, filter="data")
        else:
            tar.extractall(destination, members=members)


def install(kind, entry, paths, supervisor):
    """entry_point.install: returns the interpreter that runs the user's code."""
    code = paths.code
    if kind == COMMAND:
        os.chmod(os.path.join(code, entry), 0o777)
        return sys.executable
    requirements = os.path.join(code, "requirements.txt")
    has_requirements = os.path.exists(requirements)
    if kind == PROGRAM and not has_requirements:
        return sys.executable
    key = hashlib.sha256()
    # The version too: an interpreter upgraded in place would leave a venv pointing at a library dir that is gone.
    for part in (b"sagebox-venv-1", os.path.abspath(sys.executable).encode(), sys.version.encode()):
        key.update(part + b"\0")
    if has_requirements:
        with open(requirements, "rb") as f:
            key.update(f.read())
    if kind == PACKAGE:
        # pip installs a copy of the package, so the environment belongs to this exact code.
        key.update(b"\0" + tree_digest(code).encode())
        error_kind, args = "InstallModuleError", ["install", "."] + (["-r", "requirements.txt"] if has_requirements
                                                                     else [])
        announcement = "Installing module with the following command:\n%s"
    else:
        error_kind, args = "InstallRequirementsError", ["install", "-r", "requirements.txt"]
        announcement = "Installing dependencies from requirements.txt:\n%s"

    def pip_install(python):
        command = [python, "-m", "pip"] + args
        LOG.info(announcement, " ".join(command))
        code_, stderr = supervisor.run(command, code, _child_environment_base())
        if code_ != 0:
            raise CalledProcessError(error_kind, " ".join(command), code_, error_message(stderr))

    cache = os.environ.get("SAGEBOX_VENV_CACHE") or os.path.join(tempfile.gettempdir(), "sagebox-venvs")
    return cached_venv(cache, key.hexdigest()[:32], pip_install, supervisor, LOG)


def create_command(kind, python, entry, args):
    """ProcessRunner._create_command."""
    if kind == PACKAGE:
        return [python, "-m", entry.replace(".py", "")] + args
    if kind == PROGRAM:
        return [python, entry] + args
    return ["/bin/sh", "-c", '"./%s %s"' % (entry, " ".join(shlex.quote(a) for a in args))]


def _child_environment_base():
    env = {k: v for k, v in os.environ.items() if k not in CONTROL_VARIABLES}
    # The framework images set PYTHONUNBUFFERED, so output reaches the logs as it is printed.
    env.setdefault("PYTHONUNBUFFERED", "1")
    return env


def python_path(python):
    """What the toolkit exports as PYTHONPATH: the running interpreter's sys.path."""
    if python == sys.executable:
        return [p for p in sys.path[1:] if p]
    out = subprocess.check_output([python, "-c", "import json, sys; print(json.dumps(sys.path[1:]))"],
                                  env=_child_environment_base())
    return [p for p in json.loads(out.decode()) if p]


def child_environment(env, paths, python, sm_variables):
    child = _child_environment_base()
    child.update(env.process_variables())
    child.update(sm_variables)
    if paths.base != training_env.CLOUD_BASE:
        # Lets a script that imports sagemaker_training read this tree instead of creating its own.
        child["SAGEMAKER_BASE_DIR"] = paths.base
    # A script that runs `python` or a console script should get the job's environment, as the image's PATH gives
    # it in the cloud: the venv's bin goes first, and an interpreter outside PATH is added in front.
    bin_dir = os.path.dirname(python)
    entries = [p for p in child.get("PATH", "").split(os.pathsep) if p]
    if python != sys.executable or bin_dir not in entries:
        child["PATH"] = os.pathsep.join([bin_dir] + [p for p in entries if p != bin_dir])
    return child


def log_invocation(env, exported, command):
    LOG.info("Invoking user script\n\nTraining Env:\n\n%s\n\nEnvironment variables:\n\n%s\n\n"
             "Invoking script with the following command:\n\n%s\n",
             json.dumps(env.properties, indent=4),
             "\n".join("%s=%s" % item for item in exported.items()), " ".join(command))


def train(paths, supervisor, result):
    env = training_env.TrainingEnvironment(paths, os.environ, num_gpus=int(os.environ.get("SAGEBOX_NUM_GPUS") or 0))
    warn_about_shell_values(env)
    if env.rebased_hyperparameters:
        LOG.info("Hyperparameters %s name /opt/ml paths; they point into %s here",
                 ", ".join(env.rebased_hyperparameters), paths.base)
    if isinstance(env.properties["log_level"], int):
        logging.getLogger().setLevel(env.properties["log_level"])
    entry = env.user_entry_point
    if not entry:
        raise ClientError("no entry point: set the SAGEMAKER_PROGRAM environment variable or the sagemaker_program "
                          "hyperparameter")
    entry = str(entry)
    fill_code_dir(env.module_dir, paths, os.environ.get("SAGEBOX_SUBMIT_TARBALL"))
    kind = entry_point_type(paths.code, entry)
    python = install(kind, entry, paths, supervisor)
    command = create_command(kind, python, entry, env.user_args())
    exported = env.sm_variables()
    exported["PYTHONPATH"] = os.pathsep.join([paths.code] + python_path(python))
    log_invocation(env, exported, command)
    try:
        return_code, stderr = supervisor.run(" ".join(command), paths.code,
                                             child_environment(env, paths, python, exported))
    except Stopped as stopped:
        result["scriptExitCode"] = stopped.child_exit_code
        raise
    result["scriptExitCode"] = return_code
    if return_code != 0:
        info = "OutOfMemory: Process killed by SIGKILL (signal 9)" if return_code == 137 else None
        raise CalledProcessError("ExecuteUserScriptError", " ".join(command), return_code, error_message(stderr),
                                 info)
    LOG.info("Reporting training SUCCESS")
    _write_file(os.path.join(paths.output, "success"), "")
    return 0


def _write_file(path, text, replace=True):
    """Writes through a temp file; without replace, an existing file wins (the user's own failure file)."""
    directory = os.path.dirname(path)
    if not os.path.isdir(directory):
        os.makedirs(directory)
    fd, temp = tempfile.mkstemp(prefix=".sagebox-", dir=directory)
    try:
        with os.fdopen(fd, "w") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        if replace:
            os.replace(temp, path)
            return True
        try:
            os.link(temp, path)
            return True
        except OSError:
            return False
    finally:
        if os.path.exists(temp):
            os.unlink(temp)


def report_failure(paths, message):
    LOG.error("Reporting training FAILURE")
    if not _write_file(os.path.join(paths.output, "failure"), message, replace=False):
        LOG.info("Failure file exists. Skipping creation....")
    LOG.error(message)


def main():
    logging.basicConfig(format="%(asctime)s %(name)-12s %(levelname)-8s %(message)s", level=logging.INFO,
                        stream=sys.stderr)
    paths = training_env.Paths(os.environ.get("SAGEBOX_OPT_ML") or training_env.CLOUD_BASE)
    if sys.version_info < (3, 8):
        report_failure(paths, "ClientError: script mode needs Python 3.8 or later; %s is %s"
                       % (sys.executable, sys.version.split()[0]))
        return DEFAULT_FAILURE_CODE
    supervisor = Supervisor(LOG)
    supervisor.handle_signals()
    result = {"exitCode": None, "scriptExitCode": None, "error": None, "stopped": False}
    try:
        exit_code = train(paths, supervisor, result)
    except Stopped as stopped:
        LOG.info("Stopped by signal; no success or failure file is written")
        result["stopped"] = True
        exit_code = stopped.exit_code
    except ClientError as e:
        result["error"] = e.kind if isinstance(e, CalledProcessError) else "ClientError"
        report_failure(paths, str(e) if isinstance(e, CalledProcessError) else "ClientError: %s" % e)
        exit_code = DEFAULT_FAILURE_CODE
    except Exception as e:  # noqa: the toolkit reports anything else as a framework error
        result["error"] = "FrameworkError"
        report_failure(paths, "Framework Error: \n%s\n%s" % (traceback.format_exc(), e))
        errno_ = getattr(e, "errno", None)
        exit_code = errno_ if isinstance(errno_, int) and 0 < errno_ < 256 else DEFAULT_FAILURE_CODE
    if exit_code != 0:
        LOG.error("Encountered exit_code %s", exit_code)
    result["exitCode"] = exit_code
    if os.environ.get("SAGEBOX_RESULT_FILE"):
        _write_file(os.environ["SAGEBOX_RESULT_FILE"], json.dumps(result, sort_keys=True) + "\n")
    sys.stdout.flush()
    sys.stderr.flush()
    return exit_code


if __name__ == "__main__":
    sys.exit(main())
