-- Shared by the scripts below; prepended to each when it is loaded.
--
-- A group's index (<prefix>:groupindex:<group>, a hash) lets a group send skip reading every
-- member: for each queue (the non-local name its members share) it keeps the member count (n:)
-- and a version (v:) that changes whenever that queue's members change. The members of a Spring
-- Channels queue are kept in a set of their own (<index>#<queue>), which that instance reads when
-- its version is stale; a Django queue's members are kept in the index as concatenated
-- MessagePack strings (l:), ready for channels_redis's envelope that lists them. 'tok' and 'seq'
-- make the token that senders cache the index under.
--
-- Changes made through these scripts keep the index current. Any other change to the group's
-- sorted set (a Django peer, an expiry, a hand edit) must be noticed, at a cost that does not
-- grow with the group:
-- * 'fp' is the fingerprint of the sorted set when it was last indexed: its size, its newest
--   score and, on Redis 7 and later, the absolute time its key expires. channels_redis's
--   group_add always EXPIREs the group after its ZADD, so a Django add moves the expiry time even
--   when its score, from a clock behind ours, is below the newest and a discard kept the size;
--   its discards and expiry removals alone lower the size. The next group send then rebuilds.
-- * 'h' is a hash of the indexed member set: the XOR of a 32-bit hash of each name. A group send
--   compares it with the hash of the members themselves (one ZRANGE) at most once per
--   checkinterval of the group's size, which catches what the fingerprint cannot see (a hand
--   ZREM and ZADD without EXPIRE; any compensating change on Redis 5 and 6, which have no
--   PEXPIRETIME). 'at' is when that was last checked or the index rebuilt.

local function fingerprint(key)
  local card = redis.call('ZCARD', key)
  if card == 0 then
    return '0', 0
  end
  local top = redis.call('ZRANGE', key, -1, -1, 'WITHSCORES')
  if redis.REDIS_VERSION_NUM then
    return card .. ':' .. top[2] .. ':' .. redis.call('PEXPIRETIME', key), card
  end
  return card .. ':' .. top[2], card
end

-- A 32-bit hash of a channel name; the index's 'h' is the XOR of its members' hashes.
local function namehash(name)
  return tonumber(string.sub(redis.sha1hex(name), 1, 8), 16)
end

-- Seconds between two checks of the member hash of a group of card members: the check costs
-- about 1.5 us per member, so this spends at most about 0.15 % of Redis's time on a group sent
-- to without pause, however large it is.
local function checkinterval(card)
  return math.max(1, card / 100)
end

-- Whether a group member is a name the layer can send to: channels_redis's valid channel name
-- (at most 100 ASCII letters, digits, '-', '_' and '.', with at most one '!'). Anything else in a
-- group (a hand edit, another application, a bug) is left out of the index and counted, so it can
-- neither stop a script halfway (encstr below takes at most 255 bytes) nor make a send write keys
-- no layer reads.
local function usable(name)
  return #name > 0 and #name <= 100 and string.find(name, '^[%w%-_%.]+!?[%w%-_%.]*$') ~= nil
end

-- A channel name as MessagePack str, as Python's msgpack writes it (usable names: at most 100 bytes).
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

local function indexvalid(index, fp)
  local indexed = redis.call('HGET', index, 'fp')
  return indexed == fp or (indexed == false and fp == '0')
end

-- Toggles channel in the index's member hash: adding and removing a name are the same XOR.
local function togglehash(index, channel)
  local h = tonumber(redis.call('HGET', index, 'h') or '0')
  redis.call('HSET', index, 'h', bit.bxor(h, namehash(channel)))
end

local function memberset(index, queue)
  return index .. '#' .. queue
end

-- SADD to a member set, which is derived data: a key of another type in its place (a hand edit)
-- is replaced rather than failing the script after some of its writes.
local function addtoset(set, ...)
  local added = redis.pcall('SADD', set, ...)
  if type(added) == 'table' and added.err then
    redis.call('DEL', set)
    redis.call('SADD', set, ...)
  end
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
  if isspring(q) then
    addtoset(memberset(index, q), channel)
  end
  redis.call('HINCRBY', index, 'n:' .. q, 1)
  togglehash(index, channel)
  if isspring(q) then
    local set = memberset(index, q)
    if ttl then
      redis.call('EXPIRE', set, ttl)
    end
  else
    local list = redis.call('HGET', index, 'l:' .. q) or ''
    redis.call('HSET', index, 'l:' .. q, list .. encstr(channel))
  end
end

-- The first name of queue q's encoded list (see encstr); q itself if the list is empty.
local function firstname(list, q)
  local header = list and string.byte(list, 1)
  if not header then
    return q
  elseif header == 217 then
    return string.sub(list, 3, 2 + string.byte(list, 2))
  end
  return string.sub(list, 2, 1 + header - 160)
end

-- Members grouped by queue, in the order their queues first appear, with the XOR of every
-- member's hash and the number of members that are no channel names (hashed, not grouped).
local function byqueues(members)
  local byqueue, order, h, bad = {}, {}, 0, 0
  for _, member in ipairs(members) do
    h = bit.bxor(h, namehash(member))
    if usable(member) then
      local q = queueof(member)
      local names = byqueue[q]
      if not names then
        names = {}
        byqueue[q] = names
        order[#order + 1] = q
      end
      names[#names + 1] = member
    else
      bad = bad + 1
    end
  end
  return byqueue, order, h, bad
end

-- Appends one queue of an index as senders read it: name, member count, version, members ('' for
-- a Spring queue, whose owner resolves them) and the full name of one member.
local function addqueue(out, index, q, count)
  out[#out + 1] = q
  out[#out + 1] = count
  out[#out + 1] = redis.call('HGET', index, 'v:' .. q) or ''
  if isspring(q) then
    out[#out + 1] = ''
    out[#out + 1] = redis.call('SRANDMEMBER', memberset(index, q)) or q
  else
    local list = redis.call('HGET', index, 'l:' .. q)
    out[#out + 1] = list or ''
    out[#out + 1] = firstname(list, q)
  end
end
