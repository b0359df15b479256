#!/usr/bin/env bash
# CI smoke of the benchmark: starts a throwaway stack (temporary --home, free ports), runs `./extauth bench --smoke`
# against it and stops it. Checks that the harness runs, not how fast. Extra arguments go to bench.
# Usage (from anywhere): [BENCH_OUT=target/bench-smoke.json] tools/bench/smoke.sh [more bench options]
set -euo pipefail
cd "$(dirname "$0")/../.."

home="$(mktemp -d -t extauth-bench-smoke-XXXXXX)"
next=29000
# sets each named variable to the next port nobody listens on (no subshell: $next must advance)
free_ports() {
  local name
  for name in "$@"; do
    while (exec 3<>"/dev/tcp/127.0.0.1/$next") 2>/dev/null; do next=$((next + 1)); done
    printf -v "$name" '%s' "$next"
    next=$((next + 1))
  done
}
free_ports kafka controller postgres smtp mail simulator order provisioning challenge notification

# a benchmark challenges each user many times a minute: far beyond the contact limits a real user meets (5 per 10 min)
export EXTAUTH_CONTACTS_CHALLENGES_PERUSER="${EXTAUTH_CONTACTS_CHALLENGES_PERUSER:-1000000}"
export EXTAUTH_CONTACTS_CHALLENGES_PERDESTINATION="${EXTAUTH_CONTACTS_CHALLENGES_PERDESTINATION:-1000000}"
export EXTAUTH_CONTACTS_CHALLENGES_PERNUMBER="${EXTAUTH_CONTACTS_CHALLENGES_PERNUMBER:-1000000}"
export EXTAUTH_CONTACTS_VERIFICATIONS_PERACCOUNT="${EXTAUTH_CONTACTS_VERIFICATIONS_PERACCOUNT:-1000000}"
# and it sets up its users by one caller, who may save 300 users' settings an hour
export EXTAUTH_FACTORCHANGES_SAVESPERCALLER="${EXTAUTH_FACTORCHANGES_SAVESPERCALLER:-1000000}"
./extauth up --home "$home" --kafka-port "$kafka" --kafka-controller-port "$controller" --postgres-port "$postgres" \
  --smtp-port "$smtp" --mail-api-port "$mail" --simulator-port "$simulator" --order-port "$order" \
  --provisioning-port "$provisioning" --challenge-port "$challenge" --notification-port "$notification" \
  > "$home/up.log" 2>&1 &
stack=$!
stop() {
  kill "$stack" 2>/dev/null || true
  wait "$stack" 2>/dev/null || true
  rm -rf "$home"
}
trap stop EXIT

for _ in $(seq 1 600); do
  grep -q 'ready in' "$home/up.log" && break
  if ! kill -0 "$stack" 2>/dev/null; then
    echo "the stack did not start:" >&2; tail -30 "$home/up.log" >&2; exit 1
  fi
  sleep 1
done
grep -q 'ready in' "$home/up.log" || { echo "the stack was not ready after 600 s" >&2; tail -30 "$home/up.log" >&2; exit 1; }

./extauth bench --smoke --bootstrap-servers "127.0.0.1:$kafka" --order-url "http://127.0.0.1:$order" \
  --challenge-url "http://127.0.0.1:$challenge" --simulator-url "http://127.0.0.1:$simulator" \
  --jdbc-url "jdbc:postgresql://127.0.0.1:$postgres/postgres" --keys-dir "$home/keys" --stack-home "$home" \
  --startup-log "$home/up.log" --out "${BENCH_OUT:-target/bench-smoke.json}" "$@"
