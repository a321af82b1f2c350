#!/usr/bin/env bash
# Coverage-guided long run: SharpFuzz 2.3 instrumentation + AFL++ (Debian package afl++). Not run in CI.
# Usage: tests/GeoFence.Fuzzing/afl.sh [gnss|policy] [seconds]    (default: gnss, runs until Ctrl-C)
# Output: artifacts/fuzz/afl-TARGET/default/{queue,crashes,hangs}; replay crashes with
#   dotnet run --project tests/GeoFence.Fuzzing -c Release -- replay --target TARGET artifacts/fuzz/afl-TARGET/default/crashes/id*
# (not with artifacts/fuzz/bin: instrumented assemblies crash outside afl-fuzz, they expect its shared memory)
set -euo pipefail
cd "$(dirname "$0")/../.."
target="${1:-gnss}"
seconds="${2:-}"
out=artifacts/fuzz
command -v afl-fuzz >/dev/null || { echo "afl-fuzz missing: apt-get install -y afl++" >&2; exit 2; }
if [ ! -x "$out/tools/sharpfuzz" ]; then
  dotnet tool install SharpFuzz.CommandLine --version 2.3.0 --tool-path "$out/tools"
fi
rm -rf "$out/bin"
dotnet publish tests/GeoFence.Fuzzing/GeoFence.Fuzzing.csproj -c Release -o "$out/bin" --nologo -v quiet
case "$target" in
  gnss) assembly=GeoFence.Gnss.dll; dict=tests/GeoFence.Fuzzing/afl/nmea.dict; pattern='gnss-*' ;;
  policy) assembly=GeoFence.Zones.dll; dict=tests/GeoFence.Fuzzing/afl/json.dict; pattern='policy-*' ;;
  *) echo "target must be gnss or policy" >&2; exit 2 ;;
esac
"$out/tools/sharpfuzz" "$out/bin/$assembly"
rm -rf "$out/seeds-all" "$out/seeds-$target"
dotnet "$out/bin/geofence-fuzz.dll" seeds "$out/seeds-all" >/dev/null
mkdir -p "$out/seeds-$target"
cp "$out/seeds-all"/$pattern "$out/seeds-$target/"
# The binary is a managed assembly (SharpFuzz writes the coverage map), so afl-fuzz's ELF check is skipped; a shared
# machine neither needs CPU binding nor core-dump tuning for managed exceptions.
export AFL_SKIP_BIN_CHECK=1 AFL_NO_AFFINITY=1 AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1
limit=()
if [ -n "$seconds" ]; then limit=(-V "$seconds"); export AFL_NO_UI=1; fi
afl-fuzz "${limit[@]}" -i "$out/seeds-$target" -o "$out/afl-$target" -x "$dict" -t 10000 -m none \
  -- dotnet "$out/bin/geofence-fuzz.dll" afl --target "$target"
