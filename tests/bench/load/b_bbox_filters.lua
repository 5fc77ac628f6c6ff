-- (b) a city-sized bbox and two filters, every filter over every city in turn (24 queries,
-- each matching something: load.sh's check pass says so). The commune filter names the
-- communes of the city in the box (the arrondissements of Paris, Lyon and Marseille).
-- path: /api/v1/practitioners?bbox=7.28,47.72,7.38,47.78&profession=10&specialty=SM54
wrk.headers["Connection"] = "keep-alive"
local cities = {
  {box = "7.28,47.72,7.38,47.78", communes = "68224"},                                        -- Mulhouse
  {box = "4.80,45.72,4.90,45.79", communes = "69381,69382,69383,69384,69385,69386,69387,69388,69389"},  -- Lyon
  {box = "2.30,48.83,2.40,48.89", communes = "75101,75102,75103,75104,75105,75106,75107,75108,75109,75110"},  -- Paris
  {box = "-1.60,47.19,-1.50,47.24", communes = "44109"},                                      -- Nantes
  {box = "5.35,43.27,5.42,43.33", communes = "13201,13202,13203,13204,13205,13206,13207,13208"},  -- Marseille
  {box = "1.40,43.57,1.48,43.63", communes = "31555"},                                        -- Toulouse
}
local filters = {
  function(city) return "profession=10&specialty=SM54" end,
  function(city) return "profession=60&commune=" .. city.communes end,
  function(city) return "profession=70,50&sort=name" end,
  function(city) return "profession=21&mode=liberal" end,
}
local i = 0
request = function()
  i = i + 1
  local city = cities[math.floor(i / #filters) % #cities + 1]
  local filter = filters[i % #filters + 1]
  return wrk.format("GET", "/api/v1/practitioners?bbox=" .. city.box .. "&" .. filter(city))
end

dofile("check.lua")
