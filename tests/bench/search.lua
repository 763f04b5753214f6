-- wrk script for tests/bench/search: each request searches the next query of the file named by
-- $QUERIES (one per line), in turn, through /search.json.
local queries = {}
local function encode(text)
  return (text:gsub("[^%w%-_%.~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end
for line in io.lines(os.getenv("QUERIES")) do
  if #line > 0 then queries[#queries + 1] = encode(line) end
end
local counter = 0

request = function()
  counter = counter + 1
  local q = queries[(counter % #queries) + 1]
  return wrk.format("GET", "/search.json?q=" .. q)
end
