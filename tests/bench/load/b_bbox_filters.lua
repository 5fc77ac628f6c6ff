-- (b) a city-sized bbox and two filters (profession, specialty), rotated over cities.
-- path: /api/v1/practitioners?bbox=7.28,47.72,7.38,47.78&profession=10&specialty=SM54
wrk.headers["Connection"] = "keep-alive"  -- Pistache 0.0.5 closes the connection otherwise
local boxes = {"7.28,47.72,7.38,47.78", "4.80,45.72,4.90,45.79", "2.30,48.83,2.40,48.89", "-1.60,47.19,-1.50,47.24",
               "5.35,43.27,5.42,43.33", "1.40,43.57,1.48,43.63"}
local filters = {"profession=10&specialty=SM54", "profession=60&commune=75056,69123,68224", "profession=70,50&sort=name",
                 "profession=21&specialty=SM54,SM26"}
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", "/api/v1/practitioners?bbox=" .. boxes[(i % #boxes) + 1] .. "&" .. filters[(i % #filters) + 1])
end
