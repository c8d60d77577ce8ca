#!/usr/bin/env bash
# Submits the scan job to the Flink session cluster (the `submit` service of docker-compose.yml):
#   flink run -d -m jobmanager:8081 -c org.scanstream.cli.ScanCommand /opt/flink/usrlib/scan.jar \
#     run --config /opt/scan/scan.properties
# plus one `-C file:///opt/flink/usrlib/X.jar` per library. A session cluster does not put
# /opt/flink/usrlib on the job's class path (only application mode does), and the job jar reaches
# the TaskManagers through the blob server, where its manifest Class-Path (lib/...) points nowhere.
# -C adds each library to the job's class loader on every node; every node has the same files
# because they all run this image.
set -euo pipefail

usrlib=/opt/flink/usrlib
jobmanager="${SCAN_JOBMANAGER:-jobmanager:8081}"
config="${SCAN_CONFIG:-/opt/scan/scan.properties}"

# One scan job per cluster: a second `docker compose up` must not start a second copy.
if flink list -r -m "$jobmanager" 2>/dev/null | grep -Eq ' : [0-9a-f]{32} : '; then
  echo "submit: a job is already running on $jobmanager, not submitting another:"
  flink list -r -m "$jobmanager"
  exit 0
fi

classpath=()
for jar in "$usrlib"/*.jar; do
  [ "$jar" = "$usrlib/scan.jar" ] && continue
  classpath+=(-C "file://$jar")
done

echo "submit: flink run -d -m $jobmanager -c org.scanstream.cli.ScanCommand $usrlib/scan.jar" \
     "run --config $config, with $(( ${#classpath[@]} / 2 )) libraries added by -C"
exec flink run -d -m "$jobmanager" "${classpath[@]}" \
  -c org.scanstream.cli.ScanCommand "$usrlib/scan.jar" run --config "$config"
