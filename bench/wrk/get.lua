-- GET one page; cookies come from wrk's -H option.
dofile(os.getenv("BENCH_WRK_DIR") .. "/common.lua")
app_errors = 0
