-- wrk script, realistic traffic: every request POSTs a churn body of its own and a caller id never seen before, so each
-- call misses the result cache and is a new caller for the canary split. A body is one instance valid under
-- schemas/churn/v1/request.schema.json, its features drawn uniformly within the realistic part of the schema's ranges
-- (tenure 0-72 months, monthly charges 18-120, total charges tenure x monthly within 5 %, support calls 0-10, enums and
-- booleans at random); the caller id is X-User-Id "u-<thread>-<counter>-<random>". The gateway takes X-User-Id only
-- from a trusted key (Canary/CallerIdentity.cs), so with $API_KEY set it is sent as X-Api-Key too; nginx ignores both.
-- Prints the RESULT line of bench/wrk-result.lua, whose errors include statuses above 399 only (a Lua response() hook
-- to count 1xx/3xx too would make wrk hand every answer to Lua; this path sends neither).
-- Cost to wrk, against nginx answering a static 200 on this machine's two cores (2 threads, 32 connections, medians of
-- 3 interleaved runs of 5 s): 0.87x the requests/s of bench/wrk-post.lua (46,100 against 52,700; 0.97x on a quieter
-- machine), and wrk's CPU per request 14.6 µs against 11.4 µs. So wrk still sends over 1.5x what the fastest scenario of
-- bench/fullpath.sh answers (direct to ModelHost, 28,500/s in docs/measurements/benchmarks.md), and the 3 µs more it takes per
-- request from the shared cores is under 2 % of the gateway's own CPU per request (about 200 µs).

local contracts = { "month-to-month", "one-year", "two-year" }
local payments = { "electronic-check", "mailed-check", "bank-transfer", "credit-card" }
local booleans = { "true", "false" }
local body_format = '{"instances":[{"tenure_months":%d,"monthly_charges":%.2f,"total_charges":%.2f,"support_calls":%d,'
  .. '"contract":"%s","payment_method":"%s","paperless_billing":%s,"senior_citizen":%s}]}'

local next_id = 1

function setup(thread)
  thread:set("id", next_id)
  next_id = next_id + 1
end

function init(args)
  -- Each thread has a Lua state of its own; without a seed of its own, every thread would send the same sequence.
  math.randomseed(os.time() * 1000 + id * 7919 + math.floor(os.clock() * 1e6))
  sent = 0
  headers = { ["Content-Type"] = "application/json" }
  local key = os.getenv("API_KEY")
  if key and key ~= "" then
    headers["X-Api-Key"] = key
  end
end

function request()
  sent = sent + 1
  local tenure = math.random(0, 72)
  local monthly = 18 + math.random() * 102
  local total = tenure * monthly * (0.95 + math.random() * 0.1)
  local body = string.format(body_format, tenure, monthly, total, math.random(0, 10),
    contracts[math.random(3)], payments[math.random(4)], booleans[math.random(2)], booleans[math.random(2)])
  headers["X-User-Id"] = string.format("u-%d-%d-%06x", id, sent, math.random(0, 0xffffff))
  return wrk.format("POST", nil, headers, body)
end

dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "wrk-result.lua") -- done(): the RESULT line
