#!/usr/bin/env bash
# The test command: prepares a fresh Debian machine (the real clients and services the tests use),
# then builds and runs every test. Safe to re-run; installs only what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
for tool in skopeo podman umoci; do
  command -v "$tool" >/dev/null 2>&1 || need+=("$tool")
done
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "missing: ${need[*]} (run as root, or install them: apt-get install -y ${need[*]})" >&2
    exit 1
  fi
  echo "installing: ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${need[@]}" >/dev/null
fi

dotnet build Gateway.sln -c Release -nologo -clp:ErrorsOnly
dotnet test Gateway.sln -c Release --no-build -nologo --logger "console;verbosity=minimal" "$@"
