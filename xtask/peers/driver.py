"""The Python side of `cargo xtask bench peers`: one seed SDK's most common operation, many
times, against a running paykit-sim; prints one JSON line of results.

    driver.py <operation> <calls> <concurrency> <info-file>

operation: wallet.create_entry (wallet-sdk-Noah-Huppert), pax8.list_companies (pax8),
paritydeals.has_access (paritydeals-sdk). Concurrency 1 runs the calls one after another on
one client; more runs that many workers on one client: threads of a ThreadPoolExecutor for
the wallet and Pax8 SDKs (synchronous only), asyncio tasks on the SDK's async client for
ParityDeals. CPU time is getrusage(RUSAGE_SELF) user + system over the measured calls only
(imports, client construction and one warm-up call excluded). Every answer is checked.

The SDKs are used unmodified apart from their base URLs (see `pax8_client`). The expected
answers match the seed `cargo xtask bench peers` writes (xtask/src/peers.rs).
"""

import asyncio
import itertools
import json
import resource
import sys
import threading
import time
import types
from concurrent.futures import ThreadPoolExecutor

ENTRY_USER, ENTRY_AMOUNT = "alice", 1
COMPANIES = sorted(f"Company {i:02}" for i in range(10))
CUSTOMER, FEATURE = "cus_bench", "sso"


def cpu_seconds():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def wallet_call(vendors):
    from wallet_sdk import WalletClient

    client = WalletClient.LoadFromConfig(vendors["wallet"]["files"]["authority_config"])

    def call():
        entry = client.create_entry(ENTRY_USER, ENTRY_AMOUNT, "load")
        if entry.get("amount") != ENTRY_AMOUNT or entry.get("user_id") != ENTRY_USER:
            raise AssertionError(f"unexpected entry {entry!r}")

    return call


def pax8_client(vendors):
    """pax8 0.5 hard-codes its hosts (https://login.pax8.com/oauth/token for tokens,
    https://api.pax8.com/v1/ for the API) and calls the token endpoint in its constructor.
    This is the base-URL change, and the only one: the `requests` module the package's
    rest.py sees gets `get` and `post` that rewrite those two host prefixes to the
    simulator's (which serves POST /oauth/token and /v1/... on the Pax8 port)."""
    import requests
    import pax8.rest
    from pax8 import Pax8Client

    root = vendors["pax8"]["base_url"].rsplit("/v1", 1)[0]
    hosts = ("https://login.pax8.com", "https://api.pax8.com")

    def rewrite(url):
        for host in hosts:
            if url.startswith(host):
                return root + url[len(host):]
        return url

    shim = types.SimpleNamespace(
        get=lambda url, *a, **k: requests.get(rewrite(url), *a, **k),
        post=lambda url, *a, **k: requests.post(rewrite(url), *a, **k),
    )
    pax8.rest.requests = shim
    return Pax8Client(
        vendors["pax8"]["client_id"], vendors["pax8"]["client_secret"], cache_token=False
    )


def pax8_call(vendors):
    client = pax8_client(vendors)

    def call():
        companies = client.Company.list()
        names = sorted(c.name for c in companies)
        if names != COMPANIES:
            raise AssertionError(f"unexpected companies {names!r}")

    return call


def paritydeals_args(vendors):
    """paritydeals-sdk appends /api/v1 itself: it takes the roots."""
    pd = vendors["paritydeals"]
    strip = lambda url: url[: -len("/api/v1")] if url.endswith("/api/v1") else url
    return dict(
        access_token=pd["api_key"],
        base_url=strip(pd["base_url"]),
        edge_api_url=strip(pd["edge_url"]),
    )


def paritydeals_call(vendors):
    from paritydeals_sdk import ParityDeals

    client = ParityDeals.create_sync_client(**paritydeals_args(vendors))

    def call():
        if client.entitlements.has_access(CUSTOMER, FEATURE) is not True:
            raise AssertionError("has_access is not True")

    return call


class Errors:
    def __init__(self):
        self.count = 0
        self.first = None
        self.lock = threading.Lock()

    def add(self, error):
        with self.lock:
            self.count += 1
            if self.first is None:
                self.first = f"{type(error).__name__}: {error}"


def run_threads(call, calls, concurrency, errors):
    counter = itertools.count()

    def worker():
        while next(counter) < calls:
            try:
                call()
            except Exception as error:  # every failure is counted and the first quoted
                errors.add(error)

    if concurrency <= 1:
        worker()
        return
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        for future in [pool.submit(worker) for _ in range(concurrency)]:
            future.result()


async def run_paritydeals_async(vendors, calls, concurrency, errors):
    """Returns (cpu seconds, wall seconds) of the calls."""
    from paritydeals_sdk import ParityDeals

    client = ParityDeals.create_async_client(**paritydeals_args(vendors))
    async with client:
        if await client.entitlements.has_access(CUSTOMER, FEATURE) is not True:
            raise AssertionError("warm-up: has_access is not True")
        counter = itertools.count()

        async def worker():
            while next(counter) < calls:
                try:
                    if await client.entitlements.has_access(CUSTOMER, FEATURE) is not True:
                        raise AssertionError("has_access is not True")
                except Exception as error:
                    errors.add(error)

        cpu, wall = cpu_seconds(), time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        return cpu_seconds() - cpu, time.perf_counter() - wall


CALLS = {
    "wallet.create_entry": wallet_call,
    "pax8.list_companies": pax8_call,
    "paritydeals.has_access": paritydeals_call,
}


def main():
    operation, calls, concurrency, info_file = sys.argv[1:5]
    calls, concurrency = int(calls), int(concurrency)
    with open(info_file) as f:
        vendors = json.load(f)["vendors"]
    errors = Errors()
    style = "sequential"
    cpu = wall = 0.0
    try:
        if operation == "paritydeals.has_access" and concurrency > 1:
            style = "asyncio tasks on the SDK's async client"
            cpu, wall = asyncio.run(run_paritydeals_async(vendors, calls, concurrency, errors))
        else:
            if concurrency > 1:
                style = "threads (ThreadPoolExecutor) on one client"
            call = CALLS[operation](vendors)
            call()  # warm-up: token, health check, imports on first use
            cpu, wall = cpu_seconds(), time.perf_counter()
            run_threads(call, calls, concurrency, errors)
            cpu, wall = cpu_seconds() - cpu, time.perf_counter() - wall
    except Exception as error:
        errors.add(RuntimeError(f"setup: {type(error).__name__}: {error}"))
    print(
        json.dumps(
            {
                "client": "python",
                "operation": operation,
                "calls": calls,
                "concurrency": concurrency,
                "style": style,
                "errors": errors.count,
                "first_error": errors.first,
                "cpu_s": cpu,
                "wall_s": wall,
            }
        )
    )


if __name__ == "__main__":
    main()
