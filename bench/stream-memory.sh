#!/usr/bin/env bash
# 10 minutes of the demo at 1,500 images/s (13 rounds of the 70,000 images; ROUNDS=26 for 20
# minutes) in a 2 GiB heap;
# samples RSS, heap committed and heap used every 20 s into results/stream-memory-heap.tsv
# (native memory = RSS - heap committed), plus the JVM's "Other" native memory from Native Memory
# Tracking (direct ByteBuffers: DJL's input copies, Flink's network buffers, NIO's temporary
# buffers), RSS split into anonymous and file-backed pages, NMT's committed total, and
# malloc_mib = anonymous RSS - NMT committed (what the allocator holds outside the JVM's own
# bookkeeping: PyTorch's tensors, mostly). The allocator is the launcher's (`scan`: tcmalloc;
# SCAN_MALLOC=glibc for glibc with one arena, no mapped blocks, 4 GiB trim threshold); LD_PRELOAD
# and MALLOC_CONF pass through, for trying other allocators (BENCHMARKS.md, streaming section,
# "Memory"). OUT=prefix writes OUT.log and OUT-heap.tsv instead of results/stream-memory*.
set -uo pipefail
cd "$(dirname "$0")/.."
out="${OUT:-results/stream-memory}"
SCAN_JAVA_OPTS="-Xmx2g -XX:NativeMemoryTracking=summary" ./scan demo --rate 1500 --rounds "${ROUNDS:-13}" --corrupt 0 --timeout 60m > "$out.log" 2>&1 &
demo=$!
sleep 5
pid=$(pgrep -f "scan.jar demo --rate 1500 --rounds ${ROUNDS:-13}" | head -1)
echo -e "seconds\trss_mib\theap_committed_mib\theap_used_mib\tnative_mib\tnmt_other_mib\trss_anon_mib\trss_file_mib\tnmt_committed_mib\tmalloc_mib" > "$out-heap.tsv"
start=$(date +%s)
while kill -0 "$pid" 2>/dev/null; do
  rss=$(awk '/VmRSS/ {print int($2/1024)}' "/proc/$pid/status" 2>/dev/null)
  heap=$(jstat -gc "$pid" 2>/dev/null | tail -1 | awk '{printf "%d\t%d", ($1+$2+$5+$7)/1024, ($3+$4+$6+$8)/1024}')
  anon=$(awk '/RssAnon/ {print int($2/1024)}' "/proc/$pid/status" 2>/dev/null)
  file=$(awk '/RssFile/ {print int($2/1024)}' "/proc/$pid/status" 2>/dev/null)
  nmt=$(jcmd "$pid" VM.native_memory summary 2>/dev/null)
  other=$(sed -nE 's/.*Other \(reserved=[0-9]+KB, committed=([0-9]+)KB.*/\1/p' <<< "$nmt")
  total=$(sed -nE 's/^Total: reserved=[0-9]+KB, committed=([0-9]+)KB.*/\1/p' <<< "$nmt")
  [ -n "$rss" ] && [ -n "$heap" ] && echo -e "$(( $(date +%s) - start ))\t$rss\t$heap\t$(( rss - ${heap%%$'\t'*} ))\t$(( ${other:-0} / 1024 ))\t${anon:-}\t${file:-}\t$(( ${total:-0} / 1024 ))\t$(( ${anon:-0} - ${total:-0} / 1024 ))" >> "$out-heap.tsv"
  sleep 20
done
wait "$demo"
