-- wrk script for tests/bench/soak: a forum's mixed traffic, one request at a time per
-- connection, chosen in turn from a fixed cycle of 100:
--   40 anonymous page reads (front page, topics, categories, a profile)
--   20 signed-in page reads (a member's session cookie: unread counts, their own header)
--   10 searches (/search.json, varied words)
--   15 replies (POST /posts.json with the member's API key)
--   10 edits of the replies this connection made (PUT /posts/{id}.json)
--    5 logins (POST /login with a CSRF pair: an argon2 verification each)
-- Environment: TOPICS (comma-separated ids), API_KEY, USERNAME, PASSWORD, SESSION (cookie
-- value). Each thread counts answers by class; `done` prints one line the driver reads:
--   SOAK <2xx+3xx> <4xx> <5xx> <other>
local topics = {}
for id in string.gmatch(os.getenv("TOPICS") or "", "%d+") do
  topics[#topics + 1] = id
end
local key, username = os.getenv("API_KEY"), os.getenv("USERNAME")
local password, session = os.getenv("PASSWORD"), os.getenv("SESSION")
local csrf = string.rep("ab", 32)
-- GROW=0: after a few replies, write only edits, so the forum stops growing and memory that
-- still grows is not the data's.
local grow = os.getenv("GROW") ~= "0"
local words = { "numpy", "array", "broadcast", "scipy", "plot", "dtype", "matplotlib", "spec", "version", "install" }
local reads = { "/", "/latest", "/categories", "/top", "/u/ada.l", "/tags", "/search?q=numpy" }

local counter = 0
local mine = {}
-- Globals, so `done` can read each thread's with thread:get.
ok, client, server, other = 0, 0, 0, 0
client_seen = ""
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

local function api(method, path, body)
  return wrk.format(method, path, {
    ["Api-Key"] = key,
    ["Api-Username"] = username,
    ["Content-Type"] = "application/json",
  }, body)
end

request = function()
  counter = counter + 1
  local slot = counter % 100
  local topic = topics[(counter % #topics) + 1]
  if slot < 40 then
    if slot % 2 == 0 then
      return wrk.format("GET", "/t/" .. topic)
    end
    return wrk.format("GET", reads[(counter % #reads) + 1])
  elseif slot < 60 then
    local path = (slot % 2 == 0) and ("/t/" .. topic) or "/latest"
    return wrk.format("GET", path, { ["Cookie"] = "convene_session=" .. session })
  elseif slot < 70 then
    return wrk.format("GET", "/search.json?q=" .. words[(counter % #words) + 1])
  elseif slot < 85 and (grow or #mine < 20) then
    local body = '{"topic_id": ' .. topic .. ', "raw": "Soak reply ' .. counter ..
      ': tried `np.unique` on a **large** array, see [the docs](https://numpy.org/doc/)."}'
    return api("POST", "/posts.json", body)
  elseif slot < 95 and #mine > 0 then
    -- (With GROW=0, the reply slots edit too, once each thread has 20 replies of its own.)
    local id = mine[(counter % #mine) + 1]
    return api("PUT", "/posts/" .. id .. ".json",
      '{"post": {"raw": "Soak reply, edited at ' .. counter .. ': it was the dtype after all."}}')
  elseif slot < 95 then
    return wrk.format("GET", "/t/" .. topic)
  end
  return wrk.format("POST", "/login", {
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["Cookie"] = "convene_csrf=" .. csrf,
  }, "login=" .. username .. "&password=" .. password .. "&csrf_token=" .. csrf)
end

response = function(status, headers, body)
  if status < 400 then
    ok = ok + 1
  elseif status < 500 then
    client = client + 1
    -- Which 4xx, with the start of its answer, for the report (kept as a string wrk can copy).
    if string.len(client_seen) < 2000 then
      client_seen = client_seen .. status .. " " .. string.sub(string.gsub(body or "", "%s+", " "), 1, 120) .. "\n"
    end
  elseif status < 600 then
    server = server + 1
  else
    other = other + 1
  end
  if status == 200 and body then
    local id = string.match(body, '^{"id":(%d+)')
    if id and #mine < 200 then
      mine[#mine + 1] = id
    end
  end
end

done = function(summary, latency, requests)
  local totals = { 0, 0, 0, 0 }
  for _, thread in ipairs(threads) do
    totals[1] = totals[1] + thread:get("ok")
    totals[2] = totals[2] + thread:get("client")
    totals[3] = totals[3] + thread:get("server")
    totals[4] = totals[4] + thread:get("other")
  end
  io.write(string.format("SOAK %d %d %d %d\n", totals[1], totals[2], totals[3], totals[4]))
  for _, thread in ipairs(threads) do
    for line in string.gmatch(thread:get("client_seen"), "[^\n]+") do
      io.write("SOAK4XX " .. line .. "\n")
    end
  end
end
