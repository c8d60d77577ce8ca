#!/usr/bin/env bash
# Streaming benchmarks of issue 3, run one after another (each uses both cores): throughput (cold,
# one round of the 70,000 images; sustained, after two and after ten rounds of warm-up, with the
# producer sending meanwhile and with the job draining a backlog),
# latency at 1,000 images/s in both delivery modes, a 20,000-image retraining window, streaming
# vs offline ACC of the same model, and a 10-minute memory run at -Xmx2g (bench/stream-memory.sh). Logs go to results/stream-*.log;
# the figures are copied into BENCHMARKS.md by hand with the machine they ran on.
set -uo pipefail
cd "$(dirname "$0")/.."
out=results
mkdir -p "$out"
models=$(mktemp -d)

for i in 1 2 3; do
  ./scan demo --save-models "$models/run$i" > "$out/stream-throughput-$i.log" 2>&1
done
# sustained: two rounds of warm-up (JIT, first model) as priming, then 8 rounds (560,000 images) measured
for i in 1 2 3; do
  ./scan demo --rounds 10 --prime 140000 > "$out/stream-sustained-$i.log" 2>&1
done
# sustained after a longer warm-up: ten rounds primed (700,000 images, about 100 s, while the JIT
# compilers still take 4-5% of the CPU after two rounds), then 16 rounds (1,120,000 images) measured
for i in 1 2 3; do
  ./scan demo --rounds 26 --prime 700000 > "$out/stream-sustained-long-$i.log" 2>&1
done
# the job alone, draining a backlog: every image is in Kafka before the job starts (--preload), and the
# clock starts at the 140,000th label (the first model trained, the images that waited for it labelled),
# so the demo's producer (the load generator, outside the service) does not share the cores meanwhile
for i in 1 2 3; do
  ./scan demo --rounds 10 --prime 140000 --preload > "$out/stream-sustained-backlog-$i.log" 2>&1
done
for i in 1 2 3; do
  ./scan demo --rounds 26 --prime 700000 --preload > "$out/stream-sustained-backlog-long-$i.log" 2>&1
done
# the same at a paced 6,000 images/s: does the job keep up with a producer running all along?
./scan demo --rounds 10 --prime 140000 --rate 6000 > "$out/stream-sustained-paced-6000.log" 2>&1
./scan evaluate --model "$models/run1/cluster-model-v0001.json" --split all > "$out/stream-offline-acc.log" 2>&1
./scan demo --rate 1000 --delivery AT_LEAST_ONCE > "$out/stream-latency-at-least-once.log" 2>&1
./scan demo --rate 1000 --delivery EXACTLY_ONCE --checkpoint-interval-ms 2000 > "$out/stream-latency-exactly-once.log" 2>&1
# two rounds (140,000 images), so retrainings after the first (at --trainer-nice) finish inside the run
./scan demo --rate 1000 --window-size 20000 --min-images 20000 --prime 20000 --retrain-every 20000 --rounds 2 \
  > "$out/stream-retrain-20k-long.log" 2>&1

# 10 minutes at 1,500 images/s in a 2 GiB heap, memory sampled every 20 s
bench/stream-memory.sh
rm -rf "$models"
echo "done"
