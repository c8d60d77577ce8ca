#!/bin/sh
# Healthcheck of a TaskManager container: healthy once the JobManager lists this container's
# TaskManager as registered (its address is the container's IP, or its host name).
set -eu
ip=$(hostname -i | cut -d' ' -f1)
wget -q -O - "http://${SCAN_JOBMANAGER:-jobmanager:8081}/taskmanagers" \
  | grep -qF -e "$ip:" -e "$(hostname):"
