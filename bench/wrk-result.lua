-- wrk's done() for bench/wrk-*.lua: one RESULT line with requests/s, p50 and p99 in µs, and errors (wrk's count:
-- socket errors, timeouts and statuses above 399), which bench/lib.sh reads. Loaded by those scripts from beside them.
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT rps=%.1f p50_us=%d p99_us=%d errors=%d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50), latency:percentile(99),
    e.connect + e.read + e.write + e.status + e.timeout))
end
