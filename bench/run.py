"""Load the app and a Flask "hello world" baseline with wrk under the same gunicorn settings.

    make bench                       # or: .venv/bin/python bench/run.py --duration 10

Prints, per endpoint, requests/s, p50 and p99 latency for the app and the baseline, and the ratio
app/baseline of requests/s. For the referral link it also counts clicks: the rows the click table
gained against the requests wrk completed, and an exact run of a fixed number of requests that must
add exactly that many rows. Both servers run on 127.0.0.1 only; every load is bounded in time.
"""

import argparse
import concurrent.futures
import http.client
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
VENV_BIN = Path(sys.executable).parent
# endpoint, gunicorn workers (None: --workers), target ratio app/baseline of requests/s
ENDPOINTS = [("GET /", None, 0.8), ("GET /r/<token>", 4, 0.5)]
# The referral link counts only what looks like a person's browser.
BROWSER_HEADERS = {
    "User-Agent": "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36",
    "Accept-Language": "ru-RU,ru;q=0.9",
}


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
    """Run wrk against `url`; return (requests/s, p50 ms, p99 ms, non-2xx/3xx answers, requests done)."""
    headers = [arg for name, value in BROWSER_HEADERS.items() for arg in ("-H", f"{name}: {value}")]
    output = subprocess.run(
        ["wrk", f"-t{threads}", f"-c{connections}", f"-d{duration}s", "--latency", *headers, url],
        check=True, capture_output=True, text=True, timeout=duration + 60,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    done = int(re.search(r"(\d+) requests in", output).group(1))
    return rps, latency(output, "50%"), latency(output, "99%"), int(bad.group(1)) if bad else 0, done


def exact_requests(url, count, threads=8):
    """Send exactly `count` GETs from `threads` keep-alive connections; return how many got a 302."""
    parts = urllib.parse.urlsplit(url)

    def worker(n):
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
        redirected = 0
        for _ in range(n):
            conn.request("GET", parts.path, headers=BROWSER_HEADERS)
            response = conn.getresponse()
            response.read()
            redirected += response.status == 302
        conn.close()
        return redirected

    shares = [count // threads + (i < count % threads) for i in range(threads)]
    with concurrent.futures.ThreadPoolExecutor(threads) as pool:
        return sum(pool.map(worker, shares))


def click_rows(database_url):
    """The click table's row count, read with the app's own database layer."""
    from webapp import models

    models.open_database(database_url)
    with models.db.connection_context():
        return models.Click.select().count()


def referral_path(env):
    """Create a referrer in the bench database and return the path of its personal link."""
    os.environ.update(env)
    from webapp import accounts, create_app, models
    from webapp.tracking import referral_token

    app = create_app()
    with app.test_request_context(), models.db.connection_context():
        referrer = accounts.register("Bench", "bench@example.com", "!") or accounts.find_by_email("bench@example.com")
        return "/r/" + referral_token(referrer)


def latency(output, percentile):
    value, unit = re.search(rf"^\s+{re.escape(percentile)}\s+([\d.]+)(us|ms|s)\s*$", output, re.M).groups()
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=10, help="seconds of load per run")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers for GET /")
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--rounds", type=int, default=2, help="runs per server; the best one counts")
    parser.add_argument("--exact", type=int, default=2000, help="requests of the exact click count")
    args = parser.parse_args()
    ensure_wrk()

    with tempfile.TemporaryDirectory() as tmp:
        database_url = f"sqlite:///{tmp}/bench.db"
        env = {"INSTANCE_PATH": tmp, "DATABASE_URL": database_url, "SECRET_KEY": "bench"}
        subprocess.run([str(VENV_BIN / "flask"), "--app", "wsgi", "db", "upgrade"], cwd=ROOT, check=True,
                       env={**os.environ, **env}, stdout=subprocess.DEVNULL)
        paths = {"GET /": "/", "GET /r/<token>": referral_path(env)}
        print(f"wrk: {args.duration}s x {args.rounds} rounds, {args.connections} connections; gunicorn: "
              f"{args.threads} thread(s) per worker; SQLite; {os.cpu_count()} cores\n")
        print(f"{'endpoint':<16} {'server':<9} {'workers':>7} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7}")
        failed = []
        for endpoint, workers, target in ENDPOINTS:
            workers = workers or args.workers
            best, done, gained = {}, 0, 0
            for _ in range(args.rounds):
                for name, app_path in (("baseline", "bench.hello:app"), ("app", "wsgi:app")):
                    with Server(app_path, workers, args.threads, env) as server:
                        wrk(server.url + paths[endpoint], 2, args.connections)  # warm-up
                        before = click_rows(database_url)
                        result = wrk(server.url + paths[endpoint], args.duration, args.connections)
                        if name == "app":
                            time.sleep(0.5)  # requests wrk left in flight finish on the server
                            done += result[4]
                            gained += click_rows(database_url) - before
                    if name not in best or result[0] > best[name][0]:
                        best[name] = result
            for name in ("baseline", "app"):
                rps, p50, p99, bad, _ = best[name]
                print(f"{endpoint:<16} {name:<9} {workers:>7} {rps:>9.0f} {p50:>8.2f} {p99:>8.2f} {bad:>7}")
            ratio = best["app"][0] / best["baseline"][0]
            verdict = "ok" if ratio >= target else "BELOW TARGET"
            print(f"{endpoint:<16} ratio app/baseline = {ratio:.2f} (target >= {target}) {verdict}")
            if ratio < target or best["app"][3]:
                failed.append(endpoint)
            if endpoint.startswith("GET /r/"):
                with Server("wsgi:app", workers, args.threads, env) as server:
                    before = click_rows(database_url)
                    redirected = exact_requests(server.url + paths[endpoint], args.exact)
                    exact_gained = click_rows(database_url) - before
                lost = redirected - exact_gained
                print(f"{endpoint:<16} clicks: wrk completed {done} requests, the click table gained {gained} rows "
                      f"(requests still in flight when wrk stopped are counted too)")
                print(f"{endpoint:<16} clicks: exactly {args.exact} requests, {redirected} redirected, the click "
                      f"table gained {exact_gained} rows: {'no click lost' if lost == 0 else f'{lost} LOST'}")
                if lost or redirected != args.exact:
                    failed.append(endpoint + " clicks")
            print()
        return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
