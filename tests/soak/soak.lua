-- soak.lua: the wrk script of tests/soak/soak.sh (not meant to be run on its own).
--
-- Each connection rotates through the cases of tests/soak/cases.tsv. wrk does not say which
-- connection an answer belongs to, so every answer is attributed to a case by its bytes (status,
-- Location, body; the cases have pairwise distinct answers) and counted; an answer matching no
-- case is a wrong answer and is logged with its time, so soak.sh can tell whether it fell inside
-- a reload window. done() writes the counts for soak.sh.
-- Environment: SOAK_CASES (cases.tsv), SOAK_LEARNED (folder of learned bodies),
-- SOAK_WRONG_LOG (prefix of the per-thread wrong-answer logs), SOAK_RESULT (result file).

local ffi = require("ffi")
ffi.cdef [[
  typedef struct { long seconds; long microseconds; } soak_timeval;
  int gettimeofday(soak_timeval *time, void *zone);
]]
local clock = ffi.new("soak_timeval")

local function now()
  ffi.C.gettimeofday(clock, nil)
  return tonumber(clock.seconds) + tonumber(clock.microseconds) / 1e6
end

local function answer_key(status, location, body)
  return status .. "\n" .. location .. "\n" .. body
end

local function read_file(path)
  local file = assert(io.open(path, "rb"), "cannot read " .. path)
  local content = file:read("*a")
  file:close()
  return content
end

-- The cases: {name, path}, and the map from expected answer key to case name.
local function load_cases()
  local cases, case_by_answer = {}, {}
  for line in io.lines(os.getenv("SOAK_CASES")) do
    if line ~= "" and line:sub(1, 1) ~= "#" then
      local name, status, expectation, path = line:match("^([^\t]+)\t(%d+)\t([^\t]*)\t([^\t]+)$")
      assert(name, "bad line in cases file: " .. line)
      local body, location = "", ""
      if expectation:sub(1, 5) == "body=" then
        body = expectation:sub(6)
      elseif expectation:sub(1, 9) == "location=" then
        location = expectation:sub(10)
      elseif expectation == "learned" then
        body = read_file(os.getenv("SOAK_LEARNED") .. "/" .. name)
      else
        error("unknown expectation " .. expectation .. " for " .. name)
      end
      local key = answer_key(tonumber(status), location, body)
      assert(case_by_answer[key] == nil, "two cases expect the same answer: " .. name)
      case_by_answer[key] = name
      cases[#cases + 1] = { name = name, path = path }
    end
  end
  return cases, case_by_answer
end

-- main thread: give each thread an id, keep the threads for done()
local threads = {}
function setup(thread)
  threads[#threads + 1] = thread
  thread:set("thread_id", #threads)
end

-- per thread
local cases, case_by_answer, requests
local next_case = 0
sent, answered, wrong, wrong_log = {}, {}, 0, nil

function init(args)
  cases, case_by_answer = load_cases()
  requests = {}
  for i, case in ipairs(cases) do
    requests[i] = wrk.format("GET", case.path)
    sent[case.name], answered[case.name] = 0, 0
  end
  next_case = thread_id -- threads start at different cases
end

function request()
  next_case = next_case % #cases + 1
  local name = cases[next_case].name
  sent[name] = sent[name] + 1
  return requests[next_case]
end

function response(status, headers, body)
  local location = headers["Location"] or headers["location"] or ""
  local name = case_by_answer[answer_key(status, location, body or "")]
  if name then
    answered[name] = answered[name] + 1
    return
  end
  wrong = wrong + 1
  if not wrong_log then
    wrong_log = assert(io.open(os.getenv("SOAK_WRONG_LOG") .. "." .. thread_id, "a"))
  end
  wrong_log:write(string.format("%.3f %d %d %s\n", now(), status, #(body or ""),
    (body or ""):sub(1, 60):gsub("[^%w%p ]", "?")))
  wrong_log:flush()
end

function done(summary, latency, _)
  local out = assert(io.open(os.getenv("SOAK_RESULT"), "w"))
  local errors = summary.errors
  out:write(string.format("requests %d\nduration_us %d\n", summary.requests, summary.duration))
  out:write(string.format("socket_errors %d\n", errors.connect + errors.read + errors.write + errors.timeout))
  out:write(string.format("latency_p99_ms %.1f\n", latency:percentile(99) / 1000))
  local total_sent, total_answered, total_wrong = {}, {}, 0
  for _, thread in ipairs(threads) do
    total_wrong = total_wrong + thread:get("wrong")
    for name, count in pairs(thread:get("sent")) do total_sent[name] = (total_sent[name] or 0) + count end
    for name, count in pairs(thread:get("answered")) do total_answered[name] = (total_answered[name] or 0) + count end
  end
  out:write(string.format("wrong %d\n", total_wrong))
  for name, count in pairs(total_sent) do
    out:write(string.format("case %s %d %d\n", name, count, total_answered[name] or 0))
  end
  out:close()
end
