-- wrk script for bench/load.sh: a steady request rate over a list of paths.
--
--   wrk -t1 -c20 -d15s --latency -s bench/load/pace.lua http://127.0.0.1:8077 -- 200 paths.tsv
--
-- wrk has no constant-rate mode (it sends the next request as soon as a response arrives), so
-- delay() hands out send times on a fixed grid: the n-th request of the thread goes at
-- start + n / rate, whichever connection is free. The connections only bound how many requests
-- may be in flight; a slow server cannot lower the offered rate below the grid until all of
-- them are busy, and a late request is sent at once (no pause after a stall, as a closed loop
-- would take). Run it with -t1: the rate is per thread.
--
-- paths.tsv: one request per line, "<path>\t<cookie>" (the cookie may be empty); the lines are
-- sent in turn. done() prints one machine-readable line for load.sh:
--   RESULT <requests> <seconds> <rate> <p50 ms> <p99 ms> <max ms> <errors>
-- where errors counts connect/read/write errors, timeouts and answers with status >= 400.

local ffi = require("ffi")
ffi.cdef [[
typedef struct { long tv_sec; long tv_nsec; } gongkai_timespec;
int clock_gettime(int clk_id, gongkai_timespec *tp);
]]
local CLOCK_MONOTONIC = 1
local clock = ffi.new("gongkai_timespec")

local function now_ms()
  ffi.C.clock_gettime(CLOCK_MONOTONIC, clock)
  return tonumber(clock.tv_sec) * 1000 + tonumber(clock.tv_nsec) / 1e6
end

local requests = {}
local interval = 5
local start = nil
local scheduled = 0
local turn = 0

function init(args)
  local rate = tonumber(args[1])
  local file = args[2]
  if rate == nil or rate <= 0 or file == nil then
    error("usage: wrk ... -s pace.lua <url> -- <requests per second> <paths file>")
  end
  interval = 1000 / rate
  local handle = assert(io.open(file, "r"))
  for line in handle:lines() do
    local path, cookie = line:match("^([^\t]+)\t?(.*)$")
    if path ~= nil then
      local headers = {}
      if cookie ~= "" then
        headers["Cookie"] = cookie
      end
      requests[#requests + 1] = wrk.format("GET", path, headers)
    end
  end
  handle:close()
  if #requests == 0 then
    error("no paths in " .. file)
  end
end

function delay()
  local now = now_ms()
  if start == nil then
    start = now
  end
  local slot = start + scheduled * interval
  scheduled = scheduled + 1
  if slot <= now then
    return 0
  end
  return math.floor(slot - now)
end

function request()
  turn = turn % #requests + 1
  return requests[turn]
end

function done(summary, latency, _)
  local seconds = summary.duration / 1e6
  local errors = summary.errors
  local failed = errors.connect + errors.read + errors.write + errors.status + errors.timeout
  io.write(string.format(
    "RESULT %d %.2f %.1f %.2f %.2f %.2f %d\n",
    summary.requests,
    seconds,
    summary.requests / seconds,
    latency:percentile(50) / 1000,
    latency:percentile(99) / 1000,
    latency.max / 1000,
    failed
  ))
end
