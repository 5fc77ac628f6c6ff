-- (c) a radius around a point, sorted by distance, rotated over cities.
-- path: /api/v1/practitioners?near=47.7508,7.3359&radius_km=5&sort=distance
wrk.headers["Connection"] = "keep-alive"
local centres = {"47.7508,7.3359", "45.7640,4.8357", "48.8566,2.3522", "47.2184,-1.5536", "43.2965,5.3698", "43.6047,1.4442"}
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", "/api/v1/practitioners?near=" .. centres[(i % #centres) + 1] .. "&radius_km=5&sort=distance")
end

dofile("check.lua")
