-- wrk script: POSTs the body in $BODY_FILE and prints one RESULT line (requests/s, p50 and p99 in µs, errors).
-- With $HEADER_LENGTH set, the body is a binary-tensor-data request whose first HEADER_LENGTH bytes are JSON.
wrk.method = "POST"
local file = assert(io.open(os.getenv("BODY_FILE"), "rb"))
wrk.body = file:read("*a")
file:close()
local header_length = os.getenv("HEADER_LENGTH")
if header_length and header_length ~= "" then
  wrk.headers["Content-Type"] = "application/octet-stream"
  wrk.headers["Inference-Header-Content-Length"] = header_length
else
  wrk.headers["Content-Type"] = "application/json"
end

dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "wrk-result.lua") -- done(): the RESULT line
