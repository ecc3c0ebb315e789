-- Save a report draft again and again: one report per connection (run with -t N -c N),
-- the form's version is counted up after each 302, as the browser would after a reload.
-- The job file has one line per thread: path <TAB> cookie header <TAB> version <TAB> body
-- where the body contains {version}. A 200 answer is a form error (e.g. a stale
-- version) and counts as an error of the page; the next request then reads the
-- current version from the form (a GET), as a person would reload the page.
dofile(os.getenv("BENCH_WRK_DIR") .. "/common.lua")
local base_setup = setup
local counter = 0
local jobs = {}
for line in io.lines(os.getenv("BENCH_POST_JOBS")) do
  local path, cookie, version, body = line:match("^([^\t]*)\t([^\t]*)\t([^\t]*)\t(.*)$")
  table.insert(jobs, { path = path, cookie = cookie, version = tonumber(version), body = body })
end

function setup(thread)
  base_setup(thread)
  counter = counter + 1
  thread:set("job", counter)
end

function init(args)
  app_errors = 0
end

local refresh = false

function request()
  local j = jobs[job]
  if refresh then
    return wrk.format("GET", j.path, { ["Cookie"] = j.cookie })
  end
  local body = j.body:gsub("{version}", tostring(j.version))
  return wrk.format("POST", j.path, {
    ["Cookie"] = j.cookie,
    ["Content-Type"] = "application/x-www-form-urlencoded",
  }, body)
end

function response(status, headers, body)
  if refresh then
    refresh = false
    local found = body:match('name="version" value="(%d+)"')
    if found then
      jobs[job].version = tonumber(found)
    end
  elseif status == 302 then
    jobs[job].version = jobs[job].version + 1
  else
    app_errors = app_errors + 1
    refresh = true
  end
end
