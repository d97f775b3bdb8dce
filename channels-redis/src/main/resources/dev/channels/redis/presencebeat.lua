-- presence_beat, every heartbeat, by each instance with entries or subscribers in the group:
-- KEYS entries, by key, owners, owned (see presencejoin.lua); ARGV the beating instance's id ('' for one
-- with subscribers only), now (ms), cutoff (ms: an owner whose last beat is not after it has
-- stopped), ttl (s), and the most entries to remove in one call.
-- Renews the instance, then removes the entries of owners that stopped, up to the limit (the
-- rest is left to the next call, so no call holds Redis for long).
-- Returns {the number of entries the instance owns here, 1 if stopped owners' entries remain,
-- then channel and entry value of each entry removed}.
local me, now, cutoff, limit = ARGV[1], ARGV[2], ARGV[3], tonumber(ARGV[5])
if me ~= '' then
  redis.call('ZADD', KEYS[3], now, me)
end
local reply = {0, 0}
local budget = limit
-- The channels an owner joined: its range of the owned set.
local function range(owner)
  return '[' .. owner .. '\0', '(' .. owner .. '\1'
end
for _, dead in ipairs(redis.call('ZRANGEBYSCORE', KEYS[3], '-inf', cutoff)) do
  if budget <= 0 then
    reply[2] = 1
    break
  end
  local low, high = range(dead)
  local owned = redis.call('ZRANGEBYLEX', KEYS[4], low, high, 'LIMIT', 0, budget)
  budget = budget - #owned
  for _, member in ipairs(owned) do
    redis.call('ZREM', KEYS[4], member)
    local channel = string.sub(member, 34)
    local value = redis.call('HGET', KEYS[1], channel)
    if value and string.sub(value, 1, 32) == dead then
      local key = string.sub(value, 33, string.find(value, '\0', 33, true) - 1)
      redis.call('HDEL', KEYS[1], channel)
      redis.call('ZREM', KEYS[2], key .. '\0' .. channel)
      reply[#reply + 1] = channel
      reply[#reply + 1] = value
    end
  end
  if redis.call('ZLEXCOUNT', KEYS[4], low, high) == 0 then
    redis.call('ZREM', KEYS[3], dead)
  else
    reply[2] = 1
  end
end
if me ~= '' then
  reply[1] = redis.call('ZLEXCOUNT', KEYS[4], range(me))
  for _, k in ipairs({KEYS[1], KEYS[2], KEYS[3], KEYS[4]}) do
    redis.call('EXPIRE', k, ARGV[4])
  end
end
return reply
