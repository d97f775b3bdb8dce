-- group_send, for the group's shard: KEYS group, index, then the queues of this shard to write.
-- ARGV now, group cutoff, message cutoff, message ttl, the sender's cached index token, a fresh
-- token for a rebuild, the number m of messages sent together, their m scores in order, then per
-- queue a capacity and the m messages' payloads for it.
-- Expired members are removed first, as channels_redis does. If the group changed in a way the
-- index did not see (its fingerprint moved, or the periodic check of its member hash failed), the
-- index is rebuilt from the members. If the sender's token is not the
-- index's, nothing is written and the index is returned: {'stale', token, then for each queue its
-- name, member count, version, members ('' for Spring queues, whose owner resolves them) and the
-- full name of one member, whose capacity the queue has, as in channels_redis}.
-- A large group's index is rebuilt or returned by the sender a chunk or a page at a time instead:
-- {'rebuild'} asks it to run groupreindex.lua, {'page', token} to read with groupindexpage.lua.
-- Otherwise returns {'ok', expired messages removed, then for each queue how many of the messages it
-- took: the first ones, up to its capacity, or -1 if its key holds something other than a queue}.
-- The stale reply's third element is the number of members left out of the index as unusable.

-- Rebuilds the index from the members, in one pass: each queue's members are gathered and checked
-- first, then written at once (a set for a Spring queue, in chunks; one encoded list otherwise).
-- Members the layer cannot use are hashed, so the periodic check still matches, but not indexed;
-- 'bad' counts them.
local function rebuild(group, index, tok, now, members)
  dropindex(index)
  local byqueue, order, h, bad = byqueues(members)
  redis.call('HSET', index, 'fp', (fingerprint(group)), 'tok', tok, 'seq', 0, 'h', h, 'at', now,
    'bad', bad)
  local ttl = redis.call('TTL', group)
  for _, q in ipairs(order) do
    local names = byqueue[q]
    redis.call('HSET', index, 'n:' .. q, #names, 'v:' .. q, tok .. '.0')
    if isspring(q) then
      local set = memberset(index, q)
      redis.call('DEL', set)
      for first = 1, #names, 1000 do
        addtoset(set, unpack(names, first, math.min(first + 999, #names)))
      end
      if ttl > 0 then
        redis.call('EXPIRE', set, ttl)
      end
    else
      local encoded = {}
      for i, name in ipairs(names) do
        encoded[i] = encstr(name)
      end
      redis.call('HSET', index, 'l:' .. q, table.concat(encoded))
    end
  end
  if ttl > 0 then
    redis.call('EXPIRE', index, ttl)
  end
end

local function snapshot(index, current)
  local out = {'stale', current, redis.call('HGET', index, 'bad') or '0'}
  for _, field in ipairs(redis.call('HKEYS', index)) do
    if string.sub(field, 1, 2) == 'n:' then
      addqueue(out, index, string.sub(field, 3), redis.call('HGET', index, field))
    end
  end
  return out
end

-- Whether the members are still those indexed, by their hash; at most once per checkinterval
-- after at, the last check.
local function checked(group, index, card, now, at)
  if now - tonumber(at or '0') < checkinterval(card) then
    return true
  end
  local h = 0
  for _, member in ipairs(redis.call('ZRANGE', group, 0, -1)) do
    h = bit.bxor(h, namehash(member))
  end
  redis.call('HSET', index, 'at', now)
  return h == tonumber(redis.call('HGET', index, 'h') or '0')
end

-- The index's fields a send needs, read at once: fingerprint, last check, token. An index key of
-- another type (a hand edit) is dropped, and rebuilt as for a group changed behind its back.
local function state(index)
  local fields = redis.pcall('HMGET', index, 'fp', 'at', 'tok', 'seq')
  if fields.err then
    redis.call('DEL', index)
    return {false, false, false, false}
  end
  return fields
end

local now = tonumber(ARGV[1])
local removed = redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[2])
local fp, card = fingerprint(KEYS[1])
local index = state(KEYS[2])
-- Rebuilding, checking or returning a large group's index in one call would hold Redis for
-- milliseconds to seconds: the sender does it a chunk or a page per call instead
-- (groupreindex.lua, groupindexpage.lua).
local large = card > 2000
if fp == '0' then
  dropindex(KEYS[2])
  index = {false, false, false, false}
elseif removed > 0 or index[1] ~= fp then
  if large then
    return {'rebuild'}
  end
  rebuild(KEYS[1], KEYS[2], ARGV[6], now, redis.call('ZRANGE', KEYS[1], 0, -1))
  index = state(KEYS[2])
elseif large then
  if now - tonumber(index[2] or '0') >= checkinterval(card) then
    return {'rebuild'}
  end
elseif not checked(KEYS[1], KEYS[2], card, now, index[2]) then
  rebuild(KEYS[1], KEYS[2], ARGV[6], now, redis.call('ZRANGE', KEYS[1], 0, -1))
  index = state(KEYS[2])
end
local current = ''
if index[3] then
  current = index[3] .. '#' .. index[4]
end
if current ~= ARGV[5] then
  if redis.call('HLEN', KEYS[2]) > 1500 then
    return {'page', current}
  end
  return snapshot(KEYS[2], current)
end
local m = tonumber(ARGV[7])
local reply = {'ok', 0}
for i = 3, #KEYS do
  local key = KEYS[i]
  local at = 8 + m + (i - 3) * (m + 1)
  -- A queue key of another type (a hand edit) takes nothing (-1) and the script goes on, so the
  -- queues after it still get the messages.
  local expired = redis.pcall('ZREMRANGEBYSCORE', key, '-inf', ARGV[3])
  local taken = -1
  if type(expired) == 'number' then
    reply[2] = reply[2] + expired
    taken = math.max(0, math.min(m, tonumber(ARGV[at]) - redis.call('ZCARD', key)))
  end
  if taken > 0 then
    local members = {}
    for j = 1, taken do
      members[2 * j - 1] = ARGV[7 + j]
      members[2 * j] = ARGV[at + j]
    end
    redis.call('ZADD', key, unpack(members))
    redis.call('EXPIRE', key, ARGV[4])
  end
  reply[#reply + 1] = taken
end
return reply
