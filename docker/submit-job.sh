#!/usr/bin/env bash
# Submits the scan job to the Flink session cluster (the `submit` service of docker-compose.yml):
#   flink run -d -m jobmanager:8081 -c org.scanstream.cli.ScanCommand /opt/flink/usrlib/scan.jar \
#     run --config /opt/scan/scan.properties
# plus one `-C file:///opt/flink/usrlib/X.jar` per library. A session cluster does not put
# /opt/flink/usrlib on the job's class path (only application mode does), and the job jar reaches
# the TaskManagers through the blob server, where its manifest Class-Path (lib/...) points nowhere.
# -C adds each library to the job's class loader on every node; every node has the same files
# because they all run this image.
#
# Resubmission resumes: when the checkpoint directory (checkpoint-dir of the config file, or
# $SCAN_CHECKPOINT_DIR; it must be mounted here too) holds a retained checkpoint, the newest
# JOB_ID/chk-N that has a _metadata file is passed with -s, so the trainer's window, index and
# model, the labellers' model and the source offsets come back. SCAN_FRESH_START=1 skips that.
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

# Newest complete retained checkpoint under $1 (a path or file:// URI), or nothing.
latest_checkpoint() {
  local dir="${1#file://}"
  [ -d "$dir" ] || return 0
  find "$dir" -mindepth 3 -maxdepth 3 -path '*/chk-*/_metadata' -type f -printf '%T@ %h\n' 2>/dev/null \
    | sort -n | tail -n 1 | cut -d' ' -f2- || true
}

checkpoint_dir="${SCAN_CHECKPOINT_DIR:-$(sed -nE 's/^[[:space:]]*checkpoint-dir[[:space:]]*[=:][[:space:]]*//p' "$config" 2>/dev/null | tail -n 1)}"
restore=()
if [ "${SCAN_FRESH_START:-0}" != 1 ] && [ -n "$checkpoint_dir" ]; then
  checkpoint="$(latest_checkpoint "$checkpoint_dir")"
  if [ -n "$checkpoint" ]; then
    echo "submit: resuming from the retained checkpoint $checkpoint"
    restore=(-s "$checkpoint")
  else
    echo "submit: no retained checkpoint under $checkpoint_dir, starting fresh"
  fi
fi

classpath=()
for jar in "$usrlib"/*.jar; do
  [ "$jar" = "$usrlib/scan.jar" ] && continue
  classpath+=(-C "file://$jar")
done

echo "submit: flink run -d -m $jobmanager ${restore[*]} -c org.scanstream.cli.ScanCommand $usrlib/scan.jar" \
     "run --config $config, with $(( ${#classpath[@]} / 2 )) libraries added by -C"
exec flink run -d -m "$jobmanager" "${restore[@]}" "${classpath[@]}" \
  -c org.scanstream.cli.ScanCommand "$usrlib/scan.jar" run --config "$config"
