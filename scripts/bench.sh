#!/usr/bin/env bash
# Side-by-side performance: the gateway (Release, default configuration, encryption on, dev keys, a
# bootstrap owner) against Debian's docker-registry 2.8 (plain distribution: no auth, no encryption), on
# loopback, in the same run. Prints one table (gateway, peer, ratio gateway/peer) and writes it as markdown
# with the machine, the commit and the time each phase took. Usage: scripts/bench.sh [--quick] [--out FILE]
# Environment: BENCH_ARTIFACTS (a dotnet --artifacts-path to build into), BENCH_GATEWAY_PORT (5701),
# BENCH_PEER_PORT (5702), BENCH_USER (admin), BENCH_LAYERS / BENCH_LAYER_MIB (image shape), BENCH_SCALE (the
# tag/repository counts of the full run, default "10 1000 100000"), BENCH_SEED_PEER_FROM (100000: at this count and
# above both servers' tags and repositories are written straight into their storage instead of through their APIs,
# which took longer than the whole run may: the peer's into its storage folder in its documented layout (load
# seed-peer), the gateway's, once everything else of it is measured, into its data folder while it is stopped, through
# its own storage classes (load seed-gateway), after which it is started again; creation is timed at the smaller counts),
# BENCH_ONLY=scale (only the tags/repositories scaling phase, both servers, no microbenchmarks or audit).
set -euo pipefail
cd "$(dirname "$0")/.."
repo_root=$PWD
now() { date +%s.%N; }
elapsed_since() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", b - a }'; }
run_t0=$(now)
only=${BENCH_ONLY:-all}
case "$only" in all|scale) ;; *) echo "BENCH_ONLY must be 'all' or 'scale'" >&2; exit 2 ;; esac
seed_peer_from=${BENCH_SEED_PEER_FROM:-100000}

quick=0
out=""
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) quick=1 ;;
    --out) out="$2"; shift ;;
    *) echo "usage: $0 [--quick] [--out FILE]" >&2; exit 2 ;;
  esac
  shift
done

# The envelope microbenchmark runs at the 64 KiB chunk size the gateway uses (EnvelopeBenchmarks.ChunkSizes;
# BENCH_CHUNK_SIZES="16384 65536 262144 1048576" measures the others too).
export BENCH_CHUNK_SIZES=${BENCH_CHUNK_SIZES:-65536}
if [ "$quick" = 1 ]; then
  layers=${BENCH_LAYERS:-4}; layer_mib=${BENCH_LAYER_MIB:-16}; rss_blobs=8; rss_mib=32
  get_seconds=1; scale_counts="10 1000"; bdn_args=(--launchCount 1 --warmupCount 1 --iterationCount 3 --iterationTime 100)
else
  layers=${BENCH_LAYERS:-8}; layer_mib=${BENCH_LAYER_MIB:-64}; rss_blobs=32; rss_mib=64
  get_seconds=10; scale_counts=${BENCH_SCALE:-"10 1000 100000"}; bdn_args=(--job short)
fi

# ---- prerequisites --------------------------------------------------------------------------------
need=()
command -v docker-registry >/dev/null 2>&1 || need+=(docker-registry)
command -v skopeo >/dev/null 2>&1 || need+=(skopeo)
command -v openssl >/dev/null 2>&1 || need+=(openssl)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then echo "missing: ${need[*]} (run as root, or apt-get install -y ${need[*]})" >&2; exit 1; fi
  echo "installing: ${need[*]}" >&2
  DEBIAN_FRONTEND=noninteractive apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi

# ---- build --------------------------------------------------------------------------------------------
if [ -n "${BENCH_ARTIFACTS:-}" ]; then
  build_args=(--artifacts-path "$BENCH_ARTIFACTS")
  server_dll="$BENCH_ARTIFACTS/bin/Gateway.Server/release/Gateway.Server.dll"
  bench_dll="$BENCH_ARTIFACTS/bin/Gateway.Benchmarks/release/Gateway.Benchmarks.dll"
  cli_dll="$BENCH_ARTIFACTS/bin/Gateway.Cli/release/gateway.dll"
else
  build_args=()
  server_dll="$repo_root/src/Gateway.Server/bin/Release/net10.0/Gateway.Server.dll"
  bench_dll="$repo_root/tests/Gateway.Benchmarks/bin/Release/net10.0/Gateway.Benchmarks.dll"
  cli_dll="$repo_root/src/Gateway.Cli/bin/Release/net10.0/gateway.dll"
fi
echo "building (Release)..." >&2
# One build of the three programs (scripts/bench.slnf): one restore and one project graph, built in parallel.
dotnet build scripts/bench.slnf -c Release -nologo -clp:ErrorsOnly "${build_args[@]}" >&2

work=$(mktemp -d /tmp/gateway-bench.XXXXXX)
res="$work/results"; mkdir -p "$res"
# Phase timing: each phase's wall-clock seconds go to phases.tsv and into the report.
phase_name="build"; phase_t0=$run_t0
phase() { # phase <name>: ends the running phase and starts the next ("" ends the last)
  local t; t=$(now)
  if [ -n "$phase_name" ]; then printf '%s\t%s\n' "$phase_name" "$(elapsed_since "$phase_t0" "$t")" >>"$res/phases.tsv"; fi
  phase_name=$1; phase_t0=$t
  if [ -n "$1" ]; then echo "== $1" >&2; fi
}
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  if [ -n "${BENCH_KEEP:-}" ]; then echo "kept: $work ${shm:-}" >&2; else rm -rf "$work" ${shm:+"$shm"}; fi
  echo "total run time (build to cleanup): $(elapsed_since "$run_t0" "$(now)") s" >&2
}
trap cleanup EXIT

gw_port=${BENCH_GATEWAY_PORT:-5701}
peer_port=${BENCH_PEER_PORT:-5702}
user=${BENCH_USER:-admin}
password="bench-$(openssl rand -hex 12)"
load() { dotnet "$bench_dll" load "$@"; }

# ---- start both servers -----------------------------------------------------------------------------
phase "start servers, trust policy, image layout"
mkdir -p "$work/gw-data" "$work/peer-data" "$work/trust"
start_gateway() { # the gateway's one configuration; sets gw_pid (the server process: the subshell execs it)
  (cd "$work" && exec env ASPNETCORE_ENVIRONMENT=Production \
    Urls="http://127.0.0.1:$gw_port" \
    Gateway__Storage__Path="$work/gw-data" \
    Gateway__Keys__DevelopmentPath="$repo_root/keys-dev" \
    Gateway__Policy__Path="$repo_root/policies" \
    Gateway__Keys__AllowDevelopmentKeys=true \
    Gateway__Bootstrap__AdminPassword="$password" \
    Gateway__Trust__PolicyFile="$work/trust/trustpolicy.json" \
    Logging__LogLevel__Default=Warning \
    dotnet "$server_dll" >>"$work/gateway.log" 2>&1) &
  gw_pid=$!; pids+=("$gw_pid")
}
stop_gateway() { # SIGTERM (graceful: ASP.NET drains, SQLite closes), then wait until the process is gone
  kill "$gw_pid" 2>/dev/null || true
  for _ in $(seq 1 300); do [ -e "/proc/$gw_pid" ] || break; sleep 0.1; done
  if [ -e "/proc/$gw_pid" ]; then kill -9 "$gw_pid" 2>/dev/null || true; fi
  wait "$gw_pid" 2>/dev/null || true
}
start_gateway

cat >"$work/peer.yml" <<YML
version: 0.1
log:
  level: error
  accesslog:
    disabled: true
storage:
  filesystem:
    rootdirectory: $work/peer-data
  cache:
    blobdescriptor: inmemory
  delete:
    enabled: true
http:
  addr: 127.0.0.1:$peer_port
YML
docker-registry serve "$work/peer.yml" >"$work/peer.log" 2>&1 &
peer_pid=$!; pids+=("$peer_pid")

wait_ready() {
  for _ in $(seq 1 120); do
    code=$(curl -s -o /dev/null -w '%{http_code}' "$1/v2/" || true)
    if [ "$code" = 200 ] || [ "$code" = 401 ]; then return 0; fi
    sleep 0.5
  done
  echo "server at $1 did not start" >&2; return 1
}
wait_ready "http://127.0.0.1:$gw_port" || { cat "$work/gateway.log" >&2; exit 1; }
wait_ready "http://127.0.0.1:$peer_port" || { cat "$work/peer.log" >&2; exit 1; }
gw_auth=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$gw_port/v2/")
echo "gateway pid $gw_pid (GET /v2/ -> $gw_auth), docker-registry pid $peer_pid" >&2

# ---- content trust on: bench/skopeo and bench/tags10 enforce signatures by the gateway's own key --------
# Pushes there are quarantined until the gateway signs them (POST /gateway/v1/sign), so every pull and
# manifest GET measured below pays for the trust check (a cached verdict) as users' pulls do.
curl -sf -u "$user:$password" "http://127.0.0.1:$gw_port/gateway/v1/signing-key" \
  | python3 -c 'import json,sys; open(sys.argv[1],"w").write(json.load(sys.stdin)["publicKeyPem"])' "$work/trust/gateway.pub"
cat >"$work/trust/trustpolicy.json" <<JSON
{"version": "1.0",
 "trustPolicies": [{"name": "bench", "registryScopes": ["bench/skopeo", "bench/tags10"],
                    "signatureVerification": {"level": "enforce"}, "cosignKeys": ["gateway"]}],
 "cosignKeys": {"gateway": "file:gateway.pub"}}
JSON
for _ in $(seq 1 50); do
  curl -sf -u "$user:$password" "http://127.0.0.1:$gw_port/gateway/v1/trust-policy" | grep -q '"version":"[0-9a-f]' && break
  sleep 0.2
done
sign() { # sign <repository> <reference>: the gateway signs (releases the quarantine)
  curl -sf -u "$user:$password" -H 'Content-Type: application/json' \
    -d "{\"repository\": \"$1\", \"reference\": \"$2\"}" "http://127.0.0.1:$gw_port/gateway/v1/sign" >/dev/null
}

# ---- the test image (one OCI layout, pushed to both) -------------------------------------------------
if [ "$only" = all ]; then
  echo "writing a $layers x $layer_mib MiB image layout..." >&2
  load layout --dir "$work/layout" --count "$layers" --size $((layer_mib << 20)) --tag v1 >"$res/layout.json"
fi

image_mib=$((layers * layer_mib))
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
cpu_per_item() { awk -v a="$1" -v b="$2" -v n="$3" -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "{\"cpu_ms_per_item\": %.3f}\n", (b - a) / hz * 1000 / n }'; }
cpu_per_gib() { awk -v a="$1" -v b="$2" -v mib="$3" -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "{\"cpu_s_per_gib\": %.3f}\n", (b - a) / hz * 1024 / mib }'; }

measure() { # measure <name> <url> <pid> <creds-args...>
  local name=$1 url=$2 pid=$3; shift 3
  local cred=("$@")
  phase "$name: warm-up"
  # Warm-up, the same for both servers: a managed server JIT-compiles and re-tiers its hot paths during
  # its first requests (perf showed the tiering thread at a third of the gateway's CPU in a cold pull);
  # users meet a warm server, so neither server is measured cold.
  echo "[$name] warm-up" >&2
  load push --url "$url" "${cred[@]}" --repo bench/warm --count 8 --size $((8 << 20)) --parallel 4 --digests "$work/$name-warm" >/dev/null
  for _ in 1 2 3; do load pull --url "$url" "${cred[@]}" --repo bench/warm --digests "$work/$name-warm" --parallel 4 >/dev/null; done
  load populate-tags --url "$url" "${cred[@]}" --repo bench/warm --count 200 >/dev/null
  load get --url "$url" "${cred[@]}" --path /v2/bench/warm/manifests/t0 --connections 16 --seconds 1 >/dev/null
  load get --url "$url" "${cred[@]}" --path /v2/bench/warm/tags/list --connections 4 --seconds 0.5 >/dev/null
  if [ "$only" = all ]; then measure_transfers "$name" "$url" "$pid" "${cred[@]}"; fi
  measure_scale "$name" "$url" "$pid" "${cred[@]}"
}

measure_transfers() { # measure_transfers <name> <url> <pid> <creds-args...>
  local name=$1 url=$2 pid=$3; shift 3
  local host=${url#http://}
  local cred=("$@")
  local skopeo_creds=()
  if [ ${#cred[@]} -gt 0 ]; then skopeo_creds=(--dest-creds "$user:$password"); fi
  phase "$name: skopeo and raw blob push/pull"
  echo "[$name] skopeo push/pull" >&2
  local t0 t1
  t0=$(now)
  skopeo copy -q --dest-tls-verify=false "${skopeo_creds[@]}" "oci:$work/layout:v1" "docker://$host/bench/skopeo:v1" >&2
  t1=$(now); echo "{\"seconds\": $(elapsed_since "$t0" "$t1")}" >"$res/$name-skopeo-push.json"
  if [ "$name" = gateway ]; then sign bench/skopeo v1; fi
  local src_creds=()
  if [ ${#cred[@]} -gt 0 ]; then src_creds=(--src-creds "$user:$password"); fi
  t0=$(now)
  skopeo copy -q --src-tls-verify=false "${src_creds[@]}" "docker://$host/bench/skopeo:v1" "dir:$work/pulled-$name" >&2
  t1=$(now); echo "{\"seconds\": $(elapsed_since "$t0" "$t1")}" >"$res/$name-skopeo-pull.json"
  rm -rf "$work/pulled-$name"

  echo "[$name] raw blob push/pull, 4 connections" >&2
  # Server CPU time (utime + stime from /proc) per GiB moved: unlike MiB/s it hardly depends on what else
  # the machine is running, so it is the figure to compare on a shared or noisy machine.
  local c0 c1
  c0=$(cpu_ticks "$pid")
  load push --url "$url" "${cred[@]}" --repo bench/raw --count "$layers" --size $((layer_mib << 20)) --parallel 4 --digests "$work/$name-digests" >"$res/$name-raw-push.json"
  c1=$(cpu_ticks "$pid"); cpu_per_gib "$c0" "$c1" "$image_mib" >"$res/$name-cpu-push.json"
  c0=$(cpu_ticks "$pid")
  load pull --url "$url" "${cred[@]}" --repo bench/raw --digests "$work/$name-digests" --parallel 4 >"$res/$name-raw-pull.json"
  c1=$(cpu_ticks "$pid"); cpu_per_gib "$c0" "$c1" "$image_mib" >"$res/$name-cpu-pull.json"

  phase "$name: manifest and small blob GET"
  echo "[$name] manifest and small blob GET" >&2
  load populate-tags --url "$url" "${cred[@]}" --repo bench/tags10 --count 10 >"$res/$name-tags10.json"
  local digest small
  digest=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["digest"])' "$res/$name-tags10.json")
  small=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["small_blob"])' "$res/$name-tags10.json")
  if [ "$name" = gateway ]; then sign bench/tags10 t0; sign bench/tags10 "$digest"; fi
  local accept="application/vnd.oci.image.manifest.v1+json, application/vnd.oci.image.index.v1+json, application/vnd.docker.distribution.manifest.v2+json"
  for c in 1 16 64; do
    load get --url "$url" "${cred[@]}" --path /v2/bench/tags10/manifests/t0 --accept "$accept" --connections "$c" --seconds "$get_seconds" >"$res/$name-mtag-$c.json"
    load get --url "$url" "${cred[@]}" --path "/v2/bench/tags10/manifests/$digest" --accept "$accept" --connections "$c" --seconds "$get_seconds" >"$res/$name-mdigest-$c.json"
  done
  load get --url "$url" "${cred[@]}" --path "/v2/bench/tags10/blobs/$small" --connections 16 --seconds "$get_seconds" >"$res/$name-smallblob.json"

  phase "$name: peak RSS push"
  echo "[$name] peak RSS during a $((rss_blobs * rss_mib)) MiB push" >&2
  echo 5 >"/proc/$pid/clear_refs" 2>/dev/null || true   # resets VmHWM (peak RSS) to the current RSS
  load push --url "$url" "${cred[@]}" --repo bench/rss --count "$rss_blobs" --size $((rss_mib << 20)) --parallel 4 >"$res/$name-rss-push.json"
  echo "{\"vmhwm_kib\": $(awk '/VmHWM/ {print $2}' "/proc/$pid/status")}" >"$res/$name-rss.json"
}

shm=""
seed_link() { # seed_link <repository path>: the peer's repositories/<path> becomes a symlink to a folder in /dev/shm
  if [ -z "$shm" ]; then shm=$(mktemp -d /dev/shm/gateway-bench-peer.XXXXXX 2>/dev/null || mktemp -d "$work/peer-seed.XXXXXX"); fi
  local target="$shm/${1//\//_}" link="$work/peer-data/docker/registry/v2/repositories/$1"
  mkdir -p "$target" "$(dirname "$link")"
  ln -s "$target" "$link"
}

# The least a first page must hold: the tags list checks that the N tags are really served (a full 1,000-tag page from
# the gateway, all N from the peer), the catalog that a full page comes back (the N repositories plus the others).
page_of() { if [ "$1" -lt "$2" ]; then echo "$1"; else echo "$2"; fi; }

populate() { # populate <name> <url> <pid> <n> tags|repos <repository-or-prefix> <creds-args...>
  local name=$1 url=$2 pid=$3 n=$4 kind=$5 target=$6; shift 6
  local c0 c1
  if [ "$name" = peer ] && [ "$n" -ge "$seed_peer_from" ]; then
    # Written into docker-registry's storage folder (see PeerSeed): the peer serves what its storage holds. The
    # two seeded subtrees (millions of small files) live in /dev/shm behind symlinks: on this machine's disk
    # (ext4 mounted with discard) deleting them again at cleanup took over ten minutes.
    seed_link "$target"
    if [ "$kind" = tags ]; then set -- --repo "$target" --tags "$n"; else set -- --prefix "$target" --repos "$n"; fi
    load seed-peer --root "$work/peer-data" "$@" --parallel 2 >"$res/$name-pop-$kind-$n.json"
  else
    local cred=("$@")
    if [ "$kind" = tags ]; then set -- populate-tags --repo "$target"; else set -- populate-repos --prefix "$target"; fi
    c0=$(cpu_ticks "$pid")
    load "$1" --url "$url" "${cred[@]}" "${@:2}" --count "$n" --parallel 16 >"$res/$name-pop-$kind-$n.json"
    c1=$(cpu_ticks "$pid"); cpu_per_item "$c0" "$c1" "$n" >"$res/$name-cpu-pop-$kind-$n.json"
  fi
}

measure_scale() { # measure_scale <name> <url> <pid> <creds-args...>
  local name=$1 url=$2 pid=$3; shift 3
  local cred=("$@")
  local seeded_counts=""
  for n in $scale_counts; do
    if [ "$name" = gateway ] && [ "$n" -ge "$seed_peer_from" ]; then seeded_counts+=" $n"; continue; fi
    phase "$name: $n tags and repositories"
    echo "[$name] tags list and catalog at $n" >&2
    populate "$name" "$url" "$pid" "$n" tags "bench/tags$n" "${cred[@]}"
    load latency --url "$url" "${cred[@]}" --path "/v2/bench/tags$n/tags/list" --count 20 --expect-items "tags=$(page_of "$n" 1000)" >"$res/$name-tagslist-$n.json"
    populate "$name" "$url" "$pid" "$n" repos "cat$n" "${cred[@]}"
    load latency --url "$url" "${cred[@]}" --path "/v2/_catalog?n=100" --count 20 --expect-items "repositories=$(page_of "$n" 100)" >"$res/$name-catalog-$n.json"
  done
  for n in $seeded_counts; do measure_gateway_seeded "$n" "$url" "${cred[@]}"; done
}

measure_gateway_seeded() { # measure_gateway_seeded <n> <url> <creds-args...>: after everything else of the gateway is measured
  local n=$1 url=$2; shift 2
  local cred=("$@")
  # Stopped, seeded through its own storage classes (see GatewaySeed: ContentStore with keys-dev, the push's metadata
  # statements, many per transaction), started again with the same configuration.
  phase "gateway: stop, seed $n tags and repositories on disk, restart"
  echo "[gateway] seeding $n tags and $n repositories into its data folder (stopped)" >&2
  stop_gateway
  load seed-gateway --data "$work/gw-data" --keys "$repo_root/keys-dev" --repo "bench/tags$n" --tags "$n" >"$res/gateway-pop-tags-$n.json"
  load seed-gateway --data "$work/gw-data" --keys "$repo_root/keys-dev" --prefix "cat$n" --repos "$n" >"$res/gateway-pop-repos-$n.json"
  start_gateway
  wait_ready "$url" || { tail -50 "$work/gateway.log" >&2; exit 1; }
  # Warm again (a restarted server JIT-compiles afresh; the peer was measured warm), on the same handlers but not
  # on the measured repositories.
  load get --url "$url" "${cred[@]}" --path /v2/bench/warm/tags/list --connections 4 --seconds 1 >/dev/null
  load get --url "$url" "${cred[@]}" --path "/v2/_catalog?n=10" --connections 4 --seconds 1 >/dev/null
  phase "gateway: $n tags and repositories (seeded)"
  echo "[gateway] tags list and catalog at $n" >&2
  load latency --url "$url" "${cred[@]}" --path "/v2/bench/tags$n/tags/list" --count 20 --expect-items "tags=$(page_of "$n" 1000)" >"$res/gateway-tagslist-$n.json"
  load latency --url "$url" "${cred[@]}" --path "/v2/_catalog?n=100" --count 20 --expect-items "repositories=$(page_of "$n" 100)" >"$res/gateway-catalog-$n.json"
}

start=$run_t0
measure gateway "http://127.0.0.1:$gw_port" "$gw_pid" --user "$user" --password "$password"
measure peer "http://127.0.0.1:$peer_port" "$peer_pid"
kill "$gw_pid" "$peer_pid" 2>/dev/null || true

# ---- audit log: export and offline verification at 10^4 and 10^6 records (gateway only: the peer has none) ----
audit_counts=$([ "$quick" = 1 ] && echo "10000" || echo "10000 1000000")
if [ "$only" != all ]; then audit_counts=""; fi
for n in $audit_counts; do
  phase "audit export/verify at $n records"
  echo "audit export and verify at $n records" >&2
  load audit-fill --data "$work/audit-$n" --count "$n" >"$res/audit-fill-$n.json"
  t0=$(now)
  dotnet "$cli_dll" audit export --data "$work/audit-$n" --out "$work/audit-$n.jsonl" >/dev/null 2>&1
  t1=$(now)
  dotnet "$cli_dll" audit verify "$work/audit-$n.jsonl" >"$work/audit-verify-$n.txt"
  t2=$(now)
  echo "{\"export_s\": $(elapsed_since "$t0" "$t1"), \"verify_s\": $(elapsed_since "$t1" "$t2"), \"bytes\": $(stat -c %s "$work/audit-$n.jsonl")}" >"$res/audit-$n.json"
  rm -rf "$work/audit-$n" "$work/audit-$n.jsonl"
done

# ---- CPU-bound pieces: BenchmarkDotNet (in process) and openssl on the same machine ------------------
if [ "$only" = all ]; then
  phase "microbenchmarks (BenchmarkDotNet) and openssl speed"
  echo "microbenchmarks..." >&2
  (cd tests/Gateway.Benchmarks && dotnet "$bench_dll" micro --inProcess --filter '*' --exporters json \
    --artifacts "$work/bdn" "${bdn_args[@]}" >"$work/bdn.log" 2>&1) || { tail -50 "$work/bdn.log" >&2; exit 1; }
  openssl_seconds=$([ "$quick" = 1 ] && echo 1 || echo 3)
  openssl speed -seconds "$openssl_seconds" -bytes 65536 -evp aes-256-gcm 2>/dev/null | tail -1 >"$res/openssl-aes.txt"
  openssl speed -seconds "$openssl_seconds" -bytes 65536 sha256 2>/dev/null | tail -1 >"$res/openssl-sha256.txt"
fi
phase ""

elapsed=$(elapsed_since "$start" "$(now)")
[ -n "$out" ] || out="tests/Gateway.Benchmarks/results/bench-$(date -u +%Y%m%d-%H%M%S)$(if [ "$quick" = 1 ]; then echo -quick; fi).md"
mkdir -p "$(dirname "$out")"
python3 scripts/bench_report.py "$res" "$work/bdn/results" "$quick" "$layers" "$layer_mib" "$rss_blobs" "$rss_mib" "$scale_counts" "$gw_auth" "$elapsed" "$only" >"$out"
cat "$out"
echo "written: $out" >&2
