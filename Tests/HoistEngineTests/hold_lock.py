"""Holds, or tests, the POSIX record lock StateStore takes on a state lock file, from another process.

argv: PATH [--test]. With --test it prints {"free": true|false} and exits. Otherwise it takes the lock,
writes a holder line as hoist does, prints {"held": true} and keeps the lock until it is terminated.
A record lock never conflicts with its own process, so only another process can show the lock at work.
"""
import fcntl
import json
import signal
import sys

path = sys.argv[1]
with open(path, "a+") as lock:
    try:
        fcntl.lockf(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        free = True
    except OSError:
        free = False
    if "--test" in sys.argv:
        print(json.dumps({"free": free}), flush=True)
        sys.exit(0)
    if not free:
        sys.exit(f"{path} is locked by another process")
    lock.truncate(0)
    lock.write("pid 1 on elsewhere\n")
    lock.flush()
    stops = {signal.SIGTERM, signal.SIGINT}
    signal.pthread_sigmask(signal.SIG_BLOCK, stops)
    print(json.dumps({"held": True}), flush=True)
    signal.sigwait(stops)
