-- Loaded at the end of each scenario. With CHECK=1 in the environment (load.sh's short first
-- pass, one connection per thread so that each answer follows its request), counts the
-- answers that are not 200 or match nothing ("total":0, no cluster) and lists them: a query
-- that matches nothing measures nothing.
if os.getenv("CHECK") == "1" then
  local scenario_request, scenario_setup = request, setup
  local threads = {}
  setup = function(thread)
    if scenario_setup then scenario_setup(thread) end
    table.insert(threads, thread)
  end
  answers, empty, last_path, empty_paths, listed = 0, 0, "", "", 0
  request = function()
    local r = scenario_request()
    last_path = r:match("^%u+ (%S+)")
    return r
  end
  response = function(status, headers, body)
    answers = answers + 1
    if status ~= 200 or body:find('"total":0[,}]') or body:find('"clusters":%[%]') then
      empty = empty + 1
      if listed < 5 then
        listed = listed + 1
        empty_paths = empty_paths .. "\n      " .. status .. " " .. last_path
      end
    end
  end
  done = function(summary, latency, requests)
    local all, none, paths = 0, 0, ""
    for _, thread in ipairs(threads) do
      all = all + thread:get("answers")
      none = none + thread:get("empty")
      paths = paths .. thread:get("empty_paths")
    end
    io.write(string.format("   check: %d answers, %d not 200 or matching nothing%s\n", all, none, paths))
  end
end
