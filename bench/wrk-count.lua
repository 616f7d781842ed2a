-- wrk-count.lua — for bench/run.sh's memory part: wrk has no request-count option, so
--   wrk -d LONG ... -s bench/wrk-count.lua URL -- LIMIT MARKER PATH...
-- makes each thread send requests rotating through PATH..., stop after LIMIT answers and create
-- the file MARKER.<thread number>; run.sh then ends wrk with SIGINT (wrk prints its results).
-- done() is wrk-report.lua's (the same WRK line).
dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "wrk-report.lua")

local thread_count = 0
function setup(thread)
  thread_count = thread_count + 1
  thread:set("thread_number", thread_count)
end

local limit, marker, answers = 0, nil, 0
local requests, next_request = {}, 1

function init(args)
  limit = tonumber(args[1])
  marker = args[2]
  for i = 3, #args do
    requests[#requests + 1] = wrk.format(nil, args[i])
  end
end

function request()
  local r = requests[next_request]
  next_request = next_request % #requests + 1
  return r
end

function response(status, headers, body)
  answers = answers + 1
  if answers == limit then
    local f = io.open(marker .. "." .. tostring(thread_number), "w")
    if f then f:close() end
    wrk.thread:stop()
  end
end
