"""Load the app and a Flask "hello world" baseline with wrk under the same gunicorn settings.

    make bench                       # or: .venv/bin/python bench/run.py --duration 10

Prints, per endpoint, requests/s, p50 and p99 latency for the app and the baseline, and the ratio
app/baseline of requests/s. Both servers run on 127.0.0.1 only; every load is bounded in time.
"""

import argparse
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
TARGETS = {"GET /": 0.8}


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def ensure_wrk():
    if shutil.which("wrk"):
        return
    sudo = [] if os.geteuid() == 0 else ["sudo"]
    print("wrk is missing: installing Debian's wrk package", flush=True)
    subprocess.run(sudo + ["apt-get", "update", "-qq"], check=True)
    subprocess.run(sudo + ["apt-get", "install", "-y", "-qq", "--no-install-recommends", "wrk"], check=True,
                   env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"})


class Server:
    """gunicorn serving `app_path` on a free loopback port with the given workers and threads."""

    def __init__(self, app_path, workers, threads, env):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.command = [
            str(VENV_BIN / "gunicorn"), app_path, "--bind", f"127.0.0.1:{self.port}",
            "--workers", str(workers), "--threads", str(threads), "--log-level", "warning",
        ]
        self.env = {**os.environ, **env}

    def __enter__(self):
        self.process = subprocess.Popen(self.command, cwd=ROOT, env=self.env)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(self.url + "/healthz", timeout=1).close()
                return self
            except OSError as error:
                if getattr(error, "code", None):  # an HTTP answer: the server is up
                    return self
                time.sleep(0.2)
        raise RuntimeError(f"{self.command} did not start")

    def __exit__(self, *exc):
        self.process.terminate()
        self.process.wait(timeout=30)


def wrk(url, duration, connections, threads=2):
    """Run wrk against `url`; return (requests/s, p50 ms, p99 ms, non-2xx/3xx answers)."""
    output = subprocess.run(
        ["wrk", f"-t{threads}", f"-c{connections}", f"-d{duration}s", "--latency", url],
        check=True, capture_output=True, text=True, timeout=duration + 60,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return rps, latency(output, "50%"), latency(output, "99%"), int(bad.group(1)) if bad else 0


def latency(output, percentile):
    value, unit = re.search(rf"^\s+{re.escape(percentile)}\s+([\d.]+)(us|ms|s)\s*$", output, re.M).groups()
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=10, help="seconds of load per run")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--rounds", type=int, default=2, help="runs per server; the best one counts")
    args = parser.parse_args()
    ensure_wrk()

    with tempfile.TemporaryDirectory() as tmp:
        env = {"INSTANCE_PATH": tmp, "DATABASE_URL": f"sqlite:///{tmp}/bench.db", "SECRET_KEY": "bench"}
        subprocess.run([str(VENV_BIN / "flask"), "--app", "wsgi", "db", "upgrade"], cwd=ROOT, check=True,
                       env={**os.environ, **env}, stdout=subprocess.DEVNULL)
        print(f"wrk: {args.duration}s x {args.rounds} rounds, {args.connections} connections; gunicorn: "
              f"{args.workers} workers x {args.threads} threads; {os.cpu_count()} cores\n")
        print(f"{'endpoint':<12} {'server':<9} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7}")
        failed = []
        for endpoint, target in TARGETS.items():
            path = endpoint.split(" ", 1)[1]
            best = {}
            for _ in range(args.rounds):
                for name, app_path in (("baseline", "bench.hello:app"), ("app", "wsgi:app")):
                    with Server(app_path, args.workers, args.threads, env) as server:
                        wrk(server.url + path, 2, args.connections)  # warm-up
                        result = wrk(server.url + path, args.duration, args.connections)
                    if name not in best or result[0] > best[name][0]:
                        best[name] = result
            for name in ("baseline", "app"):
                rps, p50, p99, bad = best[name]
                print(f"{endpoint:<12} {name:<9} {rps:>9.0f} {p50:>8.2f} {p99:>8.2f} {bad:>7}")
            ratio = best["app"][0] / best["baseline"][0]
            verdict = "ok" if ratio >= target else "BELOW TARGET"
            print(f"{endpoint:<12} ratio app/baseline = {ratio:.2f} (target >= {target}) {verdict}\n")
            if ratio < target or best["app"][3]:
                failed.append(endpoint)
        return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
