-- Rebuilds a large group's index a chunk of members per call, so that no call holds Redis for
-- long (groupsend.lua rebuilds small groups itself, and asks the sender to run this for the rest).
-- KEYS group, index, staging (the index being built). ARGV token of the new index, now, the rank
-- of the chunk's first member (0 starts over), chunk size.
-- Each call indexes members [start, start + chunk) into staging as rebuild() does in one pass.
-- Returns {'more', next start}; {'restart'} when the group changed since the first chunk (its
-- fingerprint moved, so ranks may have shifted) or another sender started over; {'done'} once
-- the last chunk is in and staging has replaced the index.

local start = tonumber(ARGV[3])
local chunk = tonumber(ARGV[4])
local staging = KEYS[3]
local springqueues = staging .. '#spring'
local fp, card = fingerprint(KEYS[1])

if start == 0 then
  for _, q in ipairs(redis.call('SMEMBERS', springqueues)) do
    redis.call('DEL', memberset(staging, q))
  end
  redis.call('DEL', staging, springqueues)
  redis.call('HSET', staging, 'fp', fp, 'tok', ARGV[1], 'seq', 0, 'h', 0, 'at', ARGV[2], 'bad', 0)
else
  local started = redis.call('HMGET', staging, 'fp', 'tok')
  if started[1] ~= fp or started[2] ~= ARGV[1] then
    return {'restart'}
  end
end
-- A sender that stops half way leaves nothing behind for long.
redis.call('EXPIRE', staging, 60)

local byqueue, order, h, bad = byqueues(redis.call('ZRANGE', KEYS[1], start, start + chunk - 1))
local staged = redis.call('HMGET', staging, 'h', 'bad')
redis.call('HSET', staging, 'h', bit.bxor(tonumber(staged[1]), h), 'bad', tonumber(staged[2]) + bad)
for _, q in ipairs(order) do
  local names = byqueue[q]
  redis.call('HINCRBY', staging, 'n:' .. q, #names)
  redis.call('HSETNX', staging, 'v:' .. q, ARGV[1] .. '.0')
  if isspring(q) then
    local set = memberset(staging, q)
    addtoset(set, unpack(names))
    redis.call('EXPIRE', set, 60)
    redis.call('SADD', springqueues, q)
  else
    local encoded = {}
    for i, name in ipairs(names) do
      encoded[i] = encstr(name)
    end
    local list = redis.call('HGET', staging, 'l:' .. q) or ''
    redis.call('HSET', staging, 'l:' .. q, list .. table.concat(encoded))
  end
end
redis.call('EXPIRE', springqueues, 60)

if start + chunk < card then
  return {'more', start + chunk}
end

-- The last chunk: staging becomes the index. An old index too large to walk here is unlinked
-- (Redis frees it in the background); its member sets expire with the group.
if redis.call('HLEN', KEYS[2]) <= 2000 then
  dropindex(KEYS[2])
else
  redis.call('UNLINK', KEYS[2])
end
local ttl = redis.call('TTL', KEYS[1])
for _, q in ipairs(redis.call('SMEMBERS', springqueues)) do
  local set = memberset(KEYS[2], q)
  redis.call('RENAME', memberset(staging, q), set)
  if ttl > 0 then
    redis.call('EXPIRE', set, ttl)
  else
    redis.call('PERSIST', set)
  end
end
redis.call('DEL', springqueues)
redis.call('RENAME', staging, KEYS[2])
if ttl > 0 then
  redis.call('EXPIRE', KEYS[2], ttl)
else
  redis.call('PERSIST', KEYS[2])
end
return {'done'}
