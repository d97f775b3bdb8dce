-- Shared by the scripts below; prepended to each when it is loaded.
--
-- A group's index (<prefix>:groupindex:<group>, a hash) lets a group send skip reading every
-- member: for each queue (the non-local name its members share) it keeps the member count (n:)
-- and a version (v:) that changes whenever that queue's members change. The members of a Spring
-- Channels queue are kept in a set of their own (<index>#<queue>), which that instance reads when
-- its version is stale; a Django queue's members are kept in the index as concatenated
-- MessagePack strings (l:), ready for channels_redis's envelope that lists them. 'fp' is the fingerprint of the group's sorted set when it was last
-- indexed: its size and its newest score. Any change by anyone (a Django peer, an expiry) moves
-- the fingerprint, and the next group send rebuilds the index; changes made through these scripts
-- keep it current. 'tok' and 'seq' make the token that senders cache the index under.

local function fingerprint(key)
  local card = redis.call('ZCARD', key)
  if card == 0 then
    return '0'
  end
  local top = redis.call('ZRANGE', key, -1, -1, 'WITHSCORES')
  return card .. ':' .. top[2]
end

-- A channel name as MessagePack str, as Python's msgpack writes it (names are at most 100 bytes).
local function encstr(s)
  local n = #s
  if n < 32 then
    return string.char(160 + n) .. s
  end
  return '\217' .. string.char(n) .. s
end

local function queueof(channel)
  local bang = string.find(channel, '!', 1, true)
  if bang then
    return string.sub(channel, 1, bang)
  end
  return channel
end

-- Spring Channels instance ids carry '5c0a' where a uuid4 (channels_redis's ids) always has '4'.
local function isspring(queue)
  local id = string.match(queue, '%.(%x+)!$')
  return id ~= nil and #id == 32 and string.sub(id, 13, 16) == '5c0a'
end

local function token(index)
  local tok = redis.call('HGET', index, 'tok')
  if not tok then
    return ''
  end
  return tok .. '#' .. redis.call('HGET', index, 'seq')
end

local function indexvalid(index, fp)
  local indexed = redis.call('HGET', index, 'fp')
  return indexed == fp or (indexed == false and fp == '0')
end

local function memberset(index, queue)
  return index .. '#' .. queue
end

-- Deletes the index and the member sets it names.
local function dropindex(index)
  for _, field in ipairs(redis.call('HKEYS', index)) do
    if string.sub(field, 1, 2) == 'n:' then
      redis.call('DEL', memberset(index, string.sub(field, 3)))
    end
  end
  redis.call('DEL', index)
end

-- Records one more member of queue q: in q's set for a Spring queue, in its list otherwise.
local function addmember(index, q, channel, ttl)
  redis.call('HINCRBY', index, 'n:' .. q, 1)
  if isspring(q) then
    local set = memberset(index, q)
    redis.call('SADD', set, channel)
    if ttl then
      redis.call('EXPIRE', set, ttl)
    end
  else
    local list = redis.call('HGET', index, 'l:' .. q) or ''
    redis.call('HSET', index, 'l:' .. q, list .. encstr(channel))
  end
end
