"""Real server processes for the benchmarks and the several-servers test: gunicorn web servers
and ``db_worker`` job workers, started with a given environment and stopped afterwards.

Plain Python (no Django import): the caller gives each process the environment it needs
(``DATABASE_URL``, ``ENDAVANT_CACHE_URL``...), as a deployment would.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

BIN = Path(sys.executable).parent


def free_port() -> int:
    """A TCP port nobody listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def server_env(overrides: Mapping[str, str]) -> dict[str, str]:
    """The current environment less Endavant's and pytest's settings, plus ``overrides``."""
    base = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("ENDAVANT_", "DJANGO_", "PYTEST_")) and k != "DATABASE_URL"
    }
    return {**base, **overrides}


def wait_until_serving(url: str, process: subprocess.Popen[bytes], timeout: float = 60) -> None:
    """Wait until ``url`` answers (any HTTP status), or fail with the server's output."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            output = process.stdout.read().decode(errors="replace") if process.stdout else ""
            raise RuntimeError(f"the server stopped (code {process.returncode}):\n{output}")
        try:
            urllib.request.urlopen(url, timeout=2).close()
            return
        except urllib.error.HTTPError:
            return
        except OSError:
            time.sleep(0.2)
    stop(process)
    raise RuntimeError(f"{url} did not answer within {timeout} s")


def stop(process: subprocess.Popen[bytes], timeout: float = 15) -> None:
    """Ask a process (and its children: gunicorn's workers) to stop, then kill it if needed."""
    if process.poll() is not None:
        return
    try:
        os.killpg(process.pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    try:
        process.wait(timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout)


@contextmanager
def gunicorn(
    env: Mapping[str, str], *, port: int | None = None, workers: int = 2, log: Path | None = None
) -> Iterator[str]:
    """A gunicorn serving ``endavant.wsgi`` on 127.0.0.1; yields its base URL."""
    port = port or free_port()
    output = open(log, "wb") if log else subprocess.DEVNULL  # noqa: SIM115
    process = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "endavant.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--backlog",
            "2048",
            "--timeout",
            "120",
            "--log-level",
            "warning",
        ],
        env=server_env(env),
        stdout=output,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_serving(base + "/", process)
        yield base
    finally:
        stop(process)
        if log and not isinstance(output, int):
            output.close()


@contextmanager
def db_worker(env: Mapping[str, str], *, interval: float = 0.2) -> Iterator[subprocess.Popen]:
    """An ``endavant db_worker`` taking jobs from every queue."""
    process = subprocess.Popen(
        [
            str(BIN / "endavant"),
            "db_worker",
            "--queue-name",
            "*",
            "--interval",
            str(interval),
            "--no-startup-delay",
        ],
        env=server_env(env),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        yield process
    finally:
        stop(process)


def manage(env: Mapping[str, str], *args: str, timeout: float = 600) -> str:
    """Run ``endavant <args>`` with ``env``; its output, or an error with it."""
    result = subprocess.run(
        [str(BIN / "endavant"), *args],
        env=server_env(env),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(f"endavant {' '.join(args)} failed:\n{result.stdout}{result.stderr}")
    return result.stdout
