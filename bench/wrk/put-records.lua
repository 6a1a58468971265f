-- wrk script for bench/compare.sh's put100-wrk scenario: POSTs canned Kinesis PutRecords bodies
-- (JSON 1.1), taking the bodies in turn from the directory given as the first script argument
-- (body0.json … bodyN-1.json, N the second), and prints one machine-readable summary line.
--   wrk -t2 -c8 -d15s -s bench/wrk/put-records.lua http://127.0.0.1:4567/ -- DIR N
-- The signature is not valid: the servers compared do not check one.
local requests = {}
local next_request = 0

function init(args)
  local dir = args[1] or "."
  local count = tonumber(args[2] or "16")
  for i = 0, count - 1 do
    local f = assert(io.open(dir .. "/body" .. i .. ".json", "rb"))
    local body = f:read("*a")
    f:close()
    requests[#requests + 1] = wrk.format("POST", "/", {
      ["Content-Type"] = "application/x-amz-json-1.1",
      ["X-Amz-Target"] = "Kinesis_20131202.PutRecords",
      ["X-Amz-Date"] = "20260101T000000Z",
      ["Authorization"] = "AWS4-HMAC-SHA256 Credential=AKIDBENCH/20260101/us-east-1/kinesis/aws4_request, "
        .. "SignedHeaders=host;x-amz-date, Signature=00",
    }, body)
  end
  -- threads start at different bodies
  next_request = math.random(#requests) - 1
end

function request()
  next_request = next_request % #requests + 1
  return requests[next_request]
end

function done(summary, latency, requests_)
  local e = summary.errors
  io.write(string.format(
    "WRK {\"requests\":%d,\"seconds\":%.3f,\"p50Ms\":%.3f,\"p99Ms\":%.3f,\"p999Ms\":%.3f,\"maxMs\":%.3f,"
      .. "\"non2xx\":%d,\"socketErrors\":%d}\n",
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    latency:percentile(99.9) / 1000, latency.max / 1000, e.status, e.connect + e.read + e.write + e.timeout))
end
