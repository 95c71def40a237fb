"""Shared helper of the benchmarks: run a child process, measure it."""
import os
import subprocess
import sys
import time


def measure(argv, stderr=False):
    """Wall time (s) and peak resident memory (MiB) of one child process, and its standard
    error when asked."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    err = proc.stderr.read().decode()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    if status != 0:
        sys.exit(f"{argv[0]} failed: {err}")
    if stderr:
        return wall, usage.ru_maxrss / 1024, err
    return wall, usage.ru_maxrss / 1024
