#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# Coverage-guided fuzzing of the BGP-4 decoder with libFuzzer (clang), AddressSanitizer and
# UndefinedBehaviorSanitizer. Usage: scripts/fuzz-bgp.sh [RUNS [SECONDS]]  (default 2,000,000
# inputs, no time limit; libFuzzer stops at whichever comes first).
# The codec has no ns-3 dependency, so it is built here on its own: every model/expressroute-bgp-*.cc
# (and the prefix type) that includes no ns-3 header, directly or through the headers it
# includes, so that splitting the codec into more files needs no change here.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RUNS="${1:-2000000}"
SECONDS_LIMIT="${2:-0}"
command -v clang++ >/dev/null || { echo "fuzz-bgp: clang++ not found (apt-get install clang)"; exit 1; }
OUT="$ROOT/build/fuzz"
mkdir -p "$OUT/corpus"
SOURCES=()
for f in "$ROOT"/model/expressroute-bgp-*.cc "$ROOT/model/expressroute-ipv4-prefix.cc"; do
  # -M lists every header the file reads; an ns-3 one (or one that is missing) leaves it out.
  if deps="$(clang++ -std=c++17 -M -I"$ROOT/model" "$f" 2>/dev/null)" && ! grep -q '/ns3/' <<<"$deps"; then
    SOURCES+=("$f")
  fi
done
for needed in expressroute-bgp-message.cc expressroute-bgp-stream.cc; do
  [[ " ${SOURCES[*]} " == *"/model/$needed "* ]] || {
    echo "fuzz-bgp: model/$needed now depends on ns-3; the decoder must stay ns-3-free"; exit 1; }
done
echo "fuzz-bgp: building with ${SOURCES[*]##*/}"
clang++ -std=c++17 -O1 -g -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
  -I"$ROOT/model" "$ROOT/test/fuzz/bgp-message-fuzzer.cc" "${SOURCES[@]}" \
  -o "$OUT/bgp-message-fuzzer"
"$OUT/bgp-message-fuzzer" -runs="$RUNS" -max_total_time="$SECONDS_LIMIT" -max_len=4096 -seed=1 "$OUT/corpus" 2>&1 | tail -n 4
