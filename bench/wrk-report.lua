-- wrk-report.lua — for bench/run.sh: adds nothing per request (no request/response hooks),
-- and at the end prints one machine-readable line:
--   WRK <requests> <duration_us> <p50_us> <p99_us> <socket_errors> <status_errors_400_plus>
function done(summary, latency, requests_per_thread)
  local e = summary.errors
  io.write(string.format("WRK\t%d\t%d\t%d\t%d\t%d\t%d\n", summary.requests, summary.duration,
    latency:percentile(50.0), latency:percentile(99.0),
    e.connect + e.read + e.write + e.timeout, e.status))
end
