-- (d) clusters of the whole of metropolitan France at zoom 6.
-- path: /api/v1/clusters?bbox=-5.5,41.0,10.0,51.5&zoom=6
wrk.headers["Connection"] = "keep-alive"
request = function()
  return wrk.format("GET", "/api/v1/clusters?bbox=-5.5,41.0,10.0,51.5&zoom=6")
end

dofile("check.lua")
