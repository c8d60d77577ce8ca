#!/usr/bin/env bash
# bench/tcmalloc-stats.sh PID: tcmalloc's own account of a running `scan` JVM (bytes the application
# holds, bytes free in tcmalloc's page heap and caches, bytes returned to the kernel), through gdb's
# call of MallocExtension_GetStats; the process stops for about a second. Used for the "Memory"
# part of BENCHMARKS.md's streaming section.
set -euo pipefail
gdb -p "$1" -batch -ex 'handle SIGSEGV nostop noprint pass' -ex 'handle SIGBUS nostop noprint pass' \
  -ex 'set $b = (char*) malloc(20000)' -ex 'call (void) MallocExtension_GetStats($b, 20000)' -ex 'printf "%s\n", $b' \
  -ex 'call (void) free($b)' 2>&1 | grep -E "^MALLOC:" | head -12
