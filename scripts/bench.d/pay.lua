-- wrk script: durable payments through the API, each from a random holder to a
-- random business with a fresh Idempotency-Key. The file named by
-- WIJKWERK_BENCH_TOKENS holds shop codes on its first line, then one token per line.
local shops, tokens = {}, {}
local counter, prefix = 0, ""

local function load()
  local f = assert(io.open(os.getenv("WIJKWERK_BENCH_TOKENS")))
  local first = true
  for line in f:lines() do
    if first then
      for code in line:gmatch("%S+") do shops[#shops + 1] = code end
      first = false
    elseif #line > 0 then
      tokens[#tokens + 1] = line
    end
  end
  f:close()
end

local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("tid", threads)
end

function init(args)
  load()
  prefix = tostring(tid) .. "-" .. tostring(os.time()) .. "-"
  math.randomseed(os.time() + tid * 7919)
end

function request()
  counter = counter + 1
  local body = string.format('{"business":"%s","amount":%d}', shops[math.random(#shops)], 100 + math.random(300))
  return wrk.format("POST", "/api/v1/coin/payments", {
    ["Authorization"] = "Bearer " .. tokens[math.random(#tokens)],
    ["Content-Type"] = "application/json",
    ["Idempotency-Key"] = prefix .. counter,
  }, body)
end
