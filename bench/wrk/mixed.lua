-- Mixed load for the soak: each request takes the next line of the mix file
-- (path <TAB> cookie header), so every page and persona is in the load.
dofile(os.getenv("BENCH_WRK_DIR") .. "/common.lua")
app_errors = 0
local mix = {}
for line in io.lines(os.getenv("BENCH_MIX")) do
  local path, cookie = line:match("^([^\t]*)\t(.*)$")
  table.insert(mix, { path = path, cookie = cookie })
end
local n = 0

function request()
  n = n + 1
  local entry = mix[(n % #mix) + 1]
  local headers = {}
  if entry.cookie ~= "" then
    headers["Cookie"] = entry.cookie
  end
  return wrk.format("GET", entry.path, headers)
end
