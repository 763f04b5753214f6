-- wrk script for tests/bench/run: each request replies to one of the open topics listed in
-- $TOPICS (comma-separated ids), in turn, with Markdown that exercises the renderer (code, a
-- table, emphasis, a link), as `POST /posts.json` with the API key wrk was given.
local topics = {}
for id in string.gmatch(os.getenv("TOPICS") or "", "%d+") do
  topics[#topics + 1] = id
end
local counter = 0

wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"

local raw = "Measured again with **the fix**:\\n\\n```python\\nimport numpy as np\\nx = np.arange(10)\\nprint(x.mean())\\n```\\n\\n| size | ms |\\n|---:|---:|\\n| 10 | 0.4 |\\n\\nSee [the docs](https://numpy.org/doc/)."

request = function()
  counter = counter + 1
  local topic = topics[(counter % #topics) + 1]
  local body = '{"topic_id": ' .. topic .. ', "raw": "' .. raw .. ' (' .. counter .. ')"}'
  return wrk.format(nil, nil, nil, body)
end
