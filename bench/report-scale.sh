#!/usr/bin/env bash
# Reports and the gate over large comparison stores: how long `shadowcompare report` and `shadowcompare gate` take,
# and the most memory they hold, over stores of SIZES comparisons (default 100k, 1M and 10M). Each store is generated
# in SQL (distinct inputs and request ids, 30 days of requests, 1 % failures, 3 % label flips, one control comparison in
# ten); ShadowCompare builds its aggregates from it on first open (the one-time step of a store from before them,
# timed). Then ROUNDS rounds (default 5), the sizes interleaved in each round; medians. Wall time includes the CLI's
# start (about half a second), so it overstates what a running service answers in.
# Usage: bench/report-scale.sh [results.md]   (SIZES="100000 1000000" ROUNDS=3 to change; needs ~7 GB of disk at 10M)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out=${OUT:-/tmp/report-scale}
results=${1:-$root/docs/measurements/report-scale.md}
SIZES=${SIZES:-"100000 1000000 10000000"}
ROUNDS=${ROUNDS:-5}
mkdir -p "$out"
source "$root/bench/lib.sh"
need_debian_packages sqlite3:sqlite3 /usr/bin/time:time curl:curl

dotnet build "$root/src/ShadowCompare" -c Release -nologo -clp:ErrorsOnly -o "$out/shadowcompare"

generate() { # generate N: a store of N comparisons at $out/store-N.db
  local n=$1 db=$out/store-$1.db
  rm -f "$db" "$db-wal" "$db-shm"
  # An empty store made by ShadowCompare itself, so the schema is its own; then rows in bulk.
  dotnet "$out/shadowcompare/ShadowCompare.dll" serve --urls http://127.0.0.1:18099 --ShadowCompare:Store="$db" >"$out/serve.log" 2>&1 &
  local serve=$!
  until curl -sf http://127.0.0.1:18099/healthz >/dev/null; do sleep 0.2; done
  kill "$serve"; wait "$serve" 2>/dev/null || true
  sqlite3 "$db" >/dev/null <<SQL
PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA user_version = 0;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $n)
INSERT INTO comparisons (id, model, source, run, request_id, time, input, primary_version, primary_output, primary_latency_ms,
                         shadow, shadow_version, shadow_output, shadow_latency_ms, status, reason)
SELECT i, 'churn', 'live', '', 'req-' || i,
       strftime('%Y-%m-%dT%H:%M:%f0000+00:00', '2026-11-01', '+' || (i * 2592000 / $n) || ' seconds'),
       '{"instances":[{"tenure_months":' || (i % 72) || ',"caller":"c' || i || '"}]}',
       '1.0.0', '{"predictions":[{"churn":true,"probability":0.7}]}', 5 + (abs(random()) % 1000) / 100.0,
       CASE WHEN i % 10 = 0 THEN 'control' ELSE 'next' END, CASE WHEN i % 10 = 0 THEN '1.0.0' ELSE '2.0.0' END,
       '{"predictions":[{"churn":true,"probability":0.71}]}', 5.5 + (abs(random()) % 1000) / 90.0,
       CASE WHEN i % 100 = 7 THEN 'failed' ELSE 'compared' END, CASE WHEN i % 100 = 7 THEN 'timeout' ELSE '' END
FROM n;
INSERT INTO fields (comparison_id, row, field, kind, primary_value, shadow_value, agree, abs_diff, rel_diff, cosine)
SELECT id, 0, 'churn', 'Label', 'true', CASE WHEN id % 33 = 0 THEN 'false' ELSE 'true' END, id % 33 <> 0, NULL, NULL, NULL
FROM comparisons WHERE status = 'compared';
INSERT INTO fields (comparison_id, row, field, kind, primary_value, shadow_value, agree, abs_diff, rel_diff, cosine)
SELECT id, 0, 'probability', 'Score', '0.7', printf('%.4f', 0.7 + d), abs(d) <= 0.05, abs(d), abs(d) / 0.7, NULL
FROM (SELECT id, (abs(random()) % 1000) / 10000.0 - 0.03 AS d FROM comparisons WHERE status = 'compared');
SQL
}

peak() { # peak KB and seconds of a command: "KB SECONDS"
  /usr/bin/time -f "%M %e" -o "$out/time.txt" "$@" >/dev/null 2>&1 || true
  tail -n 1 "$out/time.txt"
}

declare -A build_seconds report_seconds report_kb gate_seconds gate_kb
for n in $SIZES; do
  echo "generating $n comparisons" >&2
  generate "$n"
  read -r kb s < <(peak dotnet "$out/shadowcompare/ShadowCompare.dll" gate --store "$out/store-$n.db" --model churn --candidate 2.0.0)
  build_seconds[$n]=$s
  echo "  aggregates built in $s s" >&2
done

for round in $(seq "$ROUNDS"); do
  for n in $SIZES; do
    read -r kb s < <(peak dotnet "$out/shadowcompare/ShadowCompare.dll" report --store "$out/store-$n.db" --model churn --out "$out/reports")
    report_seconds[$n]+="$s "; report_kb[$n]+="$kb "
    read -r kb s < <(peak dotnet "$out/shadowcompare/ShadowCompare.dll" gate --store "$out/store-$n.db" --model churn --candidate 2.0.0)
    gate_seconds[$n]+="$s "; gate_kb[$n]+="$kb "
    echo "round $round, $n: gate $s s" >&2
  done
done

median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
{
  echo "# Reports and the gate over large stores"
  echo
  echo "Command: \`bench/report-scale.sh\` (SIZES=\"$SIZES\", ROUNDS=$ROUNDS), $(date -u +%Y-%m-%d), $(nproc) cores."
  echo "Wall time and peak resident memory (GNU time) of the CLI process, start included; medians of $ROUNDS interleaved rounds."
  echo "Each store holds the given comparisons (one in ten the control's) with two fields each, over 30 days."
  echo
  echo "| comparisons | store size | aggregates built once (s) | report (s) | report peak (MB) | gate (s) | gate peak (MB) |"
  echo "| ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
  for n in $SIZES; do
    size=$(du -m "$out/store-$n.db" | cut -f1)
    printf '| %s | %s MB | %s | %s | %s | %s | %s |\n' "$n" "$size" "${build_seconds[$n]}" \
      "$(echo "${report_seconds[$n]}" | median)" "$(( $(echo "${report_kb[$n]}" | median) / 1024 ))" \
      "$(echo "${gate_seconds[$n]}" | median)" "$(( $(echo "${gate_kb[$n]}" | median) / 1024 ))"
  done
} > "$results"
cat "$results"
