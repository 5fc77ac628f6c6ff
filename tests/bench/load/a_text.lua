-- (a) full-text queries (names, professions, communes), rotated.
-- path: /api/v1/practitioners?q=martin
wrk.headers["Connection"] = "keep-alive"  -- Pistache 0.0.5 closes the connection otherwise
local queries = {"martin", "dupont%20lyon", "kine%20mulhouse", "pediatre%20paris", "bernard", "dentiste%20nantes",
                 "moreau", "infirmier%20lille", "petit", "sage%20femme%20rennes"}
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", "/api/v1/practitioners?q=" .. queries[(i % #queries) + 1])
end
