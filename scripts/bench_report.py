#!/usr/bin/env python3
"""Turns the JSON files bench.sh collected into one markdown table: gateway, peer, ratio gateway/peer."""
import glob, json, os, platform, subprocess, sys

res, bdn_dir, quick, layers, layer_mib, rss_blobs, rss_mib, scale_counts, gw_auth, elapsed = sys.argv[1:11]
only = sys.argv[11] if len(sys.argv) > 11 else "all"
layers, layer_mib, rss_blobs, rss_mib = int(layers), int(layer_mib), int(rss_blobs), int(rss_mib)


def j(name):
    path = os.path.join(res, name + ".json")
    return json.load(open(path)) if os.path.exists(path) else None


def val(name, key):
    d = j(name)
    return None if d is None else d.get(key)


rows = []  # (figure, gateway, peer, unit, higher_is_better)
seeded = []  # counts at which the servers' tags/repositories were written into their storage, not pushed


def row(figure, g, p, unit, higher=True):
    rows.append((figure, g, p, unit, higher))


def created(name):
    """Seconds a populate step took; the text "seeded" when the server's storage was written directly (not timed)."""
    d = j(name)
    if d is None:
        return None
    return "seeded" if d.get("seeded_on_disk") or d.get("seeded") else d.get("seconds")


image_mib = layers * layer_mib
for side in ("push", "pull"):
    g, p = val(f"gateway-skopeo-{side}", "seconds"), val(f"peer-skopeo-{side}", "seconds")
    row(f"skopeo {side}, {layers} x {layer_mib} MiB", g and image_mib / g, p and image_mib / p, "MiB/s")
for side in ("push", "pull"):
    row(f"raw blob {side}, 4 connections", val(f"gateway-raw-{side}", "mib_s"), val(f"peer-raw-{side}", "mib_s"), "MiB/s")
for side in ("push", "pull"):
    row(f"server CPU per GiB, raw {side}", val(f"gateway-cpu-{side}", "cpu_s_per_gib"), val(f"peer-cpu-{side}", "cpu_s_per_gib"), "CPU s/GiB", False)
for by, tag in (("tag", "mtag"), ("digest", "mdigest")):
    for c in (1, 16, 64):
        row(f"manifest GET by {by}, {c} conn: req/s", val(f"gateway-{tag}-{c}", "rps"), val(f"peer-{tag}-{c}", "rps"), "req/s")
        row(f"manifest GET by {by}, {c} conn: p50", val(f"gateway-{tag}-{c}", "p50_ms"), val(f"peer-{tag}-{c}", "p50_ms"), "ms", False)
        row(f"manifest GET by {by}, {c} conn: p99", val(f"gateway-{tag}-{c}", "p99_ms"), val(f"peer-{tag}-{c}", "p99_ms"), "ms", False)
row("small blob (1 KiB) GET, 16 conn", val("gateway-smallblob", "rps"), val("peer-smallblob", "rps"), "req/s")
g, p = val("gateway-rss", "vmhwm_kib"), val("peer-rss", "vmhwm_kib")
row(f"peak RSS during a {rss_blobs * rss_mib} MiB push", g and g / 1024, p and p / 1024, "MiB", False)
for n in scale_counts.split():
    row(f"tags list, {n} tags: p50", val(f"gateway-tagslist-{n}", "p50_ms"), val(f"peer-tagslist-{n}", "p50_ms"), "ms", False)
    row(f"catalog (n=100), {n} repos: p50", val(f"gateway-catalog-{n}", "p50_ms"), val(f"peer-catalog-{n}", "p50_ms"), "ms", False)
    row(f"creating {n} tags (manifest PUT, 16 conn)", created(f"gateway-pop-tags-{n}"), created(f"peer-pop-tags-{n}"), "s", False)
    row(f"creating {n} repositories (2 mounts + manifest PUT, 16 conn)", created(f"gateway-pop-repos-{n}"), created(f"peer-pop-repos-{n}"), "s", False)
    row(f"server CPU per tag created, {n} tags", val(f"gateway-cpu-pop-tags-{n}", "cpu_ms_per_item"), val(f"peer-cpu-pop-tags-{n}", "cpu_ms_per_item"), "CPU ms", False)
    row(f"server CPU per repository created, {n} repos", val(f"gateway-cpu-pop-repos-{n}", "cpu_ms_per_item"), val(f"peer-cpu-pop-repos-{n}", "cpu_ms_per_item"), "CPU ms", False)
    if "seeded" in (created(f"gateway-pop-tags-{n}"), created(f"gateway-pop-repos-{n}"), created(f"peer-pop-tags-{n}"), created(f"peer-pop-repos-{n}")):
        seeded.append(n)

# ---- microbenchmarks ------------------------------------------------------------------------------------
bench = []
for f in glob.glob(os.path.join(bdn_dir, "*.json")):
    for b in json.load(open(f)).get("Benchmarks", []):
        bench.append(b)


def micro(type_name, method, params=""):
    for b in bench:
        if b.get("Type") == type_name and b.get("Method") == method and (b.get("Parameters") or "") == params:
            return b
    return None


def openssl_bps(name):
    path = os.path.join(res, name)
    if not os.path.exists(path):
        return None
    tok = open(path).read().split()
    if not tok or not tok[-1].endswith("k"):
        return None
    return float(tok[-1][:-1]) * 1000


micro_rows = []
aes = openssl_bps("openssl-aes.txt")
sha = openssl_bps("openssl-sha256.txt")
payload = 16 * 1024 * 1024
for chunk in (16384, 65536, 262144, 1048576):
    for method in ("Encrypt", "Decrypt", "HashAndEncrypt", "RawAesGcm"):
        b = micro("EnvelopeBenchmarks", method, f"ChunkSize={chunk}")
        if b:
            gbs = payload / b["Statistics"]["Mean"]
            micro_rows.append((f"envelope {method}, chunk {chunk // 1024} KiB", f"{gbs:.2f} GB/s",
                               f"{aes / 1e9:.2f} GB/s (openssl aes-256-gcm)" if aes else "n/a",
                               f"{gbs / (aes / 1e9):.2f}" if aes else "n/a"))
b = micro("EnvelopeBenchmarks", "Sha256", "ChunkSize=65536")
if b:
    gbs = payload / b["Statistics"]["Mean"]
    micro_rows.append(("SHA-256 (.NET)", f"{gbs:.2f} GB/s", f"{sha / 1e9:.2f} GB/s (openssl sha256)" if sha else "n/a",
                       f"{gbs / (sha / 1e9):.2f}" if sha else "n/a"))
# The engine's decision beside the hand-written C# floor (HandWrittenAdmission: the same rules over the same
# value types, checked equal to the engine in the benchmark's setup): the ratio is what interpretation costs.
floor = micro("RegoAdmissionBenchmarks", "HandWrittenFloor")
for method in ("Decision", "ParseAndCompile"):
    b = micro("RegoAdmissionBenchmarks", method)
    if b:
        mean = b["Statistics"]["Mean"]
        alloc = (b.get("Memory") or {}).get("BytesAllocatedPerOperation")
        allocated = f", {alloc / 1024:.1f} KiB allocated" if alloc is not None else ""
        if method == "Decision":
            peer = f"{1e9 / floor['Statistics']['Mean']:,.0f} decisions/s (hand-written C# floor)" if floor else "n/a"
            ratio = f"{floor['Statistics']['Mean'] / mean:.2f}" if floor else ""
            micro_rows.append(("Rego admission decision (admission.rego, 1 core)", f"{1e9 / mean:,.0f} decisions/s{allocated}", peer, ratio))
        else:
            micro_rows.append(("Rego policy parse + compile (admission.rego)", f"{mean / 1e6:.2f} ms{allocated}", "", ""))
for n in (1, 10, 100):
    b = micro("RegoModuleScalingBenchmarks", "Decision", f"Modules={n}")
    if b:
        mean = b["Statistics"]["Mean"]
        micro_rows.append((f"admission latency, {n} policy modules", f"{mean / 1000:.1f} us", f"{1e9 / mean:,.0f} decisions/s", ""))
for method in ("ImageManifest8Layers", "Index16Manifests"):
    b = micro("ManifestParseBenchmarks", method)
    if b:
        mean = b["Statistics"]["Mean"]
        alloc = (b.get("Memory") or {}).get("BytesAllocatedPerOperation")
        micro_rows.append((f"manifest parse: {method}", f"{mean / 1000:.1f} us", f"{alloc / 1024:.1f} KiB allocated" if alloc is not None else "", ""))


def fmt(v):
    if v is None:
        return "n/a"
    if isinstance(v, str):
        return v
    return f"{v:,.0f}" if abs(v) >= 100 else f"{v:.2f}"


cpu = "unknown"
try:
    for line in open("/proc/cpuinfo"):
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
except OSError:
    pass
try:
    commit = subprocess.check_output(["git", "rev-parse", "--short", "HEAD"], text=True).strip()
    dirty = subprocess.call(["git", "diff", "--quiet", "HEAD"]) != 0
except Exception:
    commit, dirty = "unknown", False
load = open("/proc/loadavg").read().split()[:3] if os.path.exists("/proc/loadavg") else []

print(f"# Gateway vs docker-registry {'(--quick)' if quick == '1' else ''}".rstrip())
print()
print(f"- machine: {cpu}, {os.cpu_count()} cores, {platform.system()} {platform.release()}; load average at the end: {' '.join(load)}")
print(f"- commit: {commit}{' (with uncommitted changes)' if dirty else ''}")
print(f"- gateway: Release, encryption on (dev keys), GET /v2/ without credentials answered {gw_auth}"
      f" ({'auth on' if gw_auth == '401' else 'no auth on this commit'}); peer: docker-registry 2.8, filesystem, no auth")
print(f"- run time: {float(elapsed):.0f} s (build included){'; only the scaling phase (BENCH_ONLY=scale)' if only == 'scale' else ''}; ratio = gateway / peer (for ms, s and MiB lower is better)")
print()
print("| figure | gateway | docker-registry | unit | gateway/peer |")
print("| --- | ---: | ---: | --- | ---: |")
for figure, g, p, unit, higher in rows:
    if g is None and p is None:
        continue
    numbers = isinstance(g, (int, float)) and isinstance(p, (int, float))
    ratio = f"{g / p:.2f}" if numbers and p else "n/a"
    print(f"| {figure} | {fmt(g)} | {fmt(p)} | {unit} | {ratio} |")
print()
if seeded:
    counts = ", ".join(f"{int(n):,}" for n in seeded)
    print(f"Note: at {counts} tags/repositories neither server was populated through its API (that took longer than the "
          "whole run may), so the creation rows say \"seeded\" and creation is timed at the smaller counts only. The peer's "
          "storage folder was written in docker-registry's documented layout (repositories/<name>/_manifests/tags/<tag>/current/link, "
          "_manifests/revisions, _layers, blobs/sha256/...; load seed-peer) while it ran, and it served them from there. The "
          "gateway was measured at every other figure first, then stopped; its data folder was written through its own "
          "storage classes (load seed-gateway: the blobs encrypted by ContentStore with keys-dev, the metadata a push commits "
          "written by SqliteMetadataStore.ImportAsync with the push's statements, many per transaction; no audit records, as "
          "no requests were made), and it was started again with the same configuration and warmed on other repositories "
          "before its tags list and catalog were measured. Both hold the same small image under the same names "
          "(bench/tags<N>:t0..t<N-1>, cat<N>/r000000.. tagged v1). The gateway's tags list is paginated (1,000 per page by "
          "default, `Link` for the next), the peer answers all tags in one response.")
    print()
if micro_rows:
    print("| microbenchmark (BenchmarkDotNet, in process) | gateway | beside | ratio |")
    print("| --- | ---: | --- | ---: |")
    for r in micro_rows:
        print("| " + " | ".join(r) + " |")
    print()
phases = os.path.join(res, "phases.tsv")
if os.path.exists(phases):
    print("| phase | seconds |")
    print("| --- | ---: |")
    for line in open(phases):
        name, seconds = line.rstrip("\n").split("\t")
        print(f"| {name} | {float(seconds):.0f} |")
    print()
audit = sorted((int(f[6:-5]), f) for f in os.listdir(res) if f.startswith("audit-") and f[6:-5].isdigit())
if audit:
    print("| audit log (gateway only) | export | verify | export size |")
    print("| --- | ---: | ---: | ---: |")
    for n, f in audit:
        a = json.load(open(os.path.join(res, f)))
        print(f"| {n:,} records | {a['export_s']:.2f} s | {a['verify_s']:.2f} s | {a['bytes'] / 1048576:.1f} MiB |")
else:
    print("Audit export/verify: not measured.")
