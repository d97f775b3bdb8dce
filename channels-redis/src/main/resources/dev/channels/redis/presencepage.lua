-- presence_page: KEYS entries, by key, owners, owned (see presencejoin.lua; owned is unused); ARGV where to start in the
-- by-key set ('-' for the first page, else '[' .. the last key listed .. '\1'), the most keys,
-- and the cutoff (ms): entries of owners whose last beat is not after it are left out, though
-- they stay until a heartbeat removes them (and sends their leaves).
-- Returns {1 if keys follow the page, then channel and entry value of each entry listed}, in key
-- order, a key's connections never split.
local want, cutoff = tonumber(ARGV[2]), tonumber(ARGV[3])
local live = {}
local function alive(owner)
  local known = live[owner]
  if known == nil then
    local beat = redis.call('ZSCORE', KEYS[3], owner)
    known = beat ~= false and tonumber(beat) > cutoff
    live[owner] = known
  end
  return known
end
local reply = {0}
local keys, lastkey = 0, nil
local from = ARGV[1]
while true do
  local batch = redis.call('ZRANGEBYLEX', KEYS[2], from, '+', 'LIMIT', 0, want + 16)
  if #batch == 0 then
    return reply
  end
  for _, member in ipairs(batch) do
    local nul = string.find(member, '\0', 1, true)
    local key, channel = string.sub(member, 1, nul - 1), string.sub(member, nul + 1)
    local value = redis.call('HGET', KEYS[1], channel)
    if value and alive(string.sub(value, 1, 32)) then
      if key ~= lastkey then
        if keys == want then
          reply[1] = 1
          return reply
        end
        keys = keys + 1
        lastkey = key
      end
      reply[#reply + 1] = channel
      reply[#reply + 1] = value
    end
    from = '(' .. member
  end
end
