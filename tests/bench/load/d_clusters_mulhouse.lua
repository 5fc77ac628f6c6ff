-- (d) clusters over Mulhouse at zoom 14, panning a little each time.
-- path: /api/v1/clusters?bbox=7.30,47.73,7.37,47.77&zoom=14
wrk.headers["Connection"] = "keep-alive"
local i = 0
request = function()
  i = i + 1
  local dx = (i % 5) * 0.004
  return wrk.format("GET", string.format("/api/v1/clusters?bbox=%.3f,47.73,%.3f,47.77&zoom=14", 7.30 + dx, 7.37 + dx))
end

dofile("check.lua")
