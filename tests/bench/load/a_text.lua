-- (a) full-text queries as people type them: a name, a profession, a commune, or two or
-- three of these together, sometimes unfinished or with a typo. The words are combined so
-- that the sequence runs through about 31,000 distinct queries (and each wrk thread starts
-- at a different point): a 10-second run sees most queries for the first time, so the
-- figures measure first-seen queries, not the server's text cache.
-- path: /api/v1/practitioners?q=martin
wrk.headers["Connection"] = "keep-alive"
local names = {"martin", "bernard", "dubois", "thomas", "robert", "richard", "petit", "durand", "leroy", "moreau",
               "simon", "laurent", "lefebvre", "michel", "garcia", "david", "bertrand", "roux", "vincent", "fournier",
               "morel", "girard", "andre", "mercier", "dupont", "lambert", "bonnet", "francois", "martinez", "legrand",
               "garnier", "faure", "rousseau", "blanc", "guerin", "muller", "henry", "roussel", "nicolas", "perrin",
               "dupomt", "bernar", "lefevre"}
local professions = {"kine", "pediatre", "dentiste", "infirmier", "sage%20femme", "medecin", "generaliste",
                     "pharmacien", "orthophoniste", "psychologue", "osteopathe", "podologue", "cardiologue",
                     "dermatologue", "ophtalmologue", "opticien", "infirmiere", "kinesitherapeute", "psy", "gyneco"}
local communes = {"paris", "lyon", "marseille", "toulouse", "nice", "nantes", "strasbourg", "montpellier", "bordeaux",
                  "lille", "rennes", "reims", "grenoble", "dijon", "angers", "nimes", "mulhouse", "colmar", "brest",
                  "limoges", "tours", "amiens", "metz", "besancon", "perpignan", "orleans", "rouen", "caen", "nancy",
                  "mulh", "68100", "saint%20louis", "annecy"}
-- A global (not local): setup() sets it in each thread's own Lua state.
i = 0
setup = function(thread)
  thread:set("i", math.random(0, 100000))
end
request = function()
  i = i + 1
  local kind, j = i % 5, math.floor(i / 5)
  local name = names[(j * 7) % #names + 1]
  local profession = professions[(j * 3) % #professions + 1]
  local commune = communes[(j * 5) % #communes + 1]
  local q
  if kind == 0 then q = name .. "%20" .. commune
  elseif kind == 1 then q = profession .. "%20" .. commune
  elseif kind == 2 then q = name .. "%20" .. profession
  elseif kind == 3 then q = name .. "%20" .. profession .. "%20" .. commune
  else q = ({name, profession, commune})[j % 3 + 1]
  end
  return wrk.format("GET", "/api/v1/practitioners?q=" .. q)
end

dofile("check.lua")
