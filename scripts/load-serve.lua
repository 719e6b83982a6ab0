-- wrk script for scripts/load-serve.sh: each request picks a random path from a list; every
-- response's status is counted per thread and summed in done().
--   wrk ... -s load-serve.lua -- PATHS_FILE EXPECT    (EXPECT: "ok" = 2xx/3xx, "404")
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  paths = {}
  for line in io.lines(args[1]) do
    if #line > 0 then table.insert(paths, line) end
  end
  expect = args[2]
  counts = {}
  math.randomseed(os.time() + #threads)
end

function request()
  return wrk.format("GET", paths[math.random(#paths)])
end

function response(status, headers, body)
  counts[status] = (counts[status] or 0) + 1
end

function done(summary, latency, requests)
  -- done() runs in the main script state, which init() never saw.
  local expect = threads[1]:get("expect")
  local total = {}
  for _, t in ipairs(threads) do
    for status, n in pairs(t:get("counts")) do
      total[status] = (total[status] or 0) + n
    end
  end
  local expected, unexpected, server_errors = 0, 0, 0
  local parts = {}
  for status, n in pairs(total) do
    table.insert(parts, status .. "=" .. n)
    local ok
    if expect == "404" then ok = status == 404 else ok = status >= 200 and status < 400 end
    if ok then expected = expected + n else unexpected = unexpected + n end
    if status >= 500 then server_errors = server_errors + n end
  end
  table.sort(parts)
  local e = summary.errors
  io.write(string.format(
    "RESULT expect=%s requests=%d rps=%.0f p50_ms=%.2f p99_ms=%.2f max_ms=%.2f expected=%d unexpected=%d 5xx=%d socket_errors=%d statuses=%s\n",
    expect, summary.requests, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    expected, unexpected, server_errors,
    e.connect + e.read + e.write + e.timeout, table.concat(parts, ",")))
end
