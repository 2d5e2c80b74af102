-- Sends the requests listed in a file, one per line: METHOD <tab> PATH <tab> COOKIE <tab> BODY,
-- thread k of n taking lines k, k+n, k+2n… and going round, so that no two threads send the same
-- line until the file is used up (each submission needs its own draft); counts the answers whose status is not
-- the one expected (a page that quietly sent everyone to sign-in would otherwise look fast).
-- Usage: wrk -t THREADS ... -s targets.lua URL -- FILE EXPECTED_STATUS THREADS
-- At the end prints one line of JSON: {"requests", "seconds", "errors", "unexpected", "p50_ms", "p99_ms"}.

local threads = {}

function setup(thread)
  thread:set("number", #threads)
  table.insert(threads, thread)
end

local function split(line)
  local fields = {}
  for field in (line .. "\t"):gmatch("([^\t]*)\t") do
    table.insert(fields, field)
  end
  return fields
end

function init(args)
  requests_to_send = {}
  for line in io.lines(args[1]) do
    local method, path, cookie, body = unpack(split(line))  -- wrk runs LuaJIT (Lua 5.1)
    local headers = {["Accept-Encoding"] = "gzip, br"}
    if cookie ~= "" then headers["Cookie"] = cookie end
    if method == "POST" then headers["Content-Type"] = "application/x-www-form-urlencoded" end
    table.insert(requests_to_send, wrk.format(method, path, headers, body ~= "" and body or nil))
  end
  expected = tonumber(args[2])
  unexpected = 0
  step = tonumber(args[3])
  next_request = number % #requests_to_send + 1
end

function request()
  local chosen = requests_to_send[next_request]
  next_request = (next_request - 1 + step) % #requests_to_send + 1
  return chosen
end

function response(status, headers, body)
  if status ~= expected then
    unexpected = unexpected + 1
  end
end

function done(summary, latency, requests)
  local wrong = 0
  for _, thread in ipairs(threads) do
    wrong = wrong + thread:get("unexpected")
  end
  local errors = summary.errors
  io.write(string.format(
    '{"requests": %d, "seconds": %.3f, "errors": %d, "unexpected": %d, "p50_ms": %.3f, "p99_ms": %.3f}\n',
    summary.requests, summary.duration / 1e6,
    errors.connect + errors.read + errors.write + errors.status + errors.timeout, wrong,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
