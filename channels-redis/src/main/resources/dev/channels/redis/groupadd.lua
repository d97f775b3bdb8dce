-- group_add: KEYS group, index; ARGV channel, score, group ttl, a fresh token for a new index,
-- and '1' to add only a channel that is not a member (a restore, which changes nothing else then).
-- Returns {1 if newly added, the channel's queue version before, and after ('' if unknown)}.
local fp = fingerprint(KEYS[1])
local valid = indexvalid(KEYS[2], fp)
local added
if ARGV[5] == '1' then
  added = redis.call('ZADD', KEYS[1], 'NX', ARGV[2], ARGV[1])
  if added == 0 then
    return {0, '', ''}
  end
else
  added = redis.call('ZADD', KEYS[1], ARGV[2], ARGV[1])
end
redis.call('EXPIRE', KEYS[1], ARGV[3])
if not valid then
  return {added, '', ''}
end
if fp == '0' then
  dropindex(KEYS[2])
  redis.call('HSET', KEYS[2], 'tok', ARGV[4], 'seq', 0)
end
local q = queueof(ARGV[1])
local before = redis.call('HGET', KEYS[2], 'v:' .. q) or ''
local after = before
if added == 1 then
  local seq = redis.call('HINCRBY', KEYS[2], 'seq', 1)
  after = redis.call('HGET', KEYS[2], 'tok') .. '.' .. seq
  addmember(KEYS[2], q, ARGV[1], ARGV[3])
  redis.call('HSET', KEYS[2], 'v:' .. q, after)
elseif isspring(q) then
  -- A renewal: the member set lives as long as the group and its index.
  redis.call('EXPIRE', memberset(KEYS[2], q), ARGV[3])
end
redis.call('HSET', KEYS[2], 'fp', (fingerprint(KEYS[1])))
redis.call('EXPIRE', KEYS[2], ARGV[3])
return {added, before, after}
