"""Runs moto in server mode for the tests, on a free loopback port.

Started by test/support/global-setup.ts with stdin as a pipe: when the test runner
goes away, however it ends, the pipe closes and this process exits, so no server is
left behind. The port is chosen by the operating system (-p 0) and printed by
werkzeug ("Running on http://127.0.0.1:PORT"), which global-setup reads.
"""
import os
import sys
import threading


def exit_when_parent_is_gone() -> None:
    sys.stdin.read()
    os._exit(0)


threading.Thread(target=exit_when_parent_is_gone, daemon=True).start()

from moto.server import main  # noqa: E402

main(["-H", "127.0.0.1", "-p", "0"])
