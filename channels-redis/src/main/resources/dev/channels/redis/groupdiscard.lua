-- group_discard: KEYS group, index; ARGV channel.
-- Returns {1 if it was a member, the channel's queue version before, and after ('' if none)}.
local fp = fingerprint(KEYS[1])
local valid = indexvalid(KEYS[2], fp)
local removed = redis.call('ZREM', KEYS[1], ARGV[1])
if removed == 0 or not valid then
  return {removed, '', ''}
end
togglehash(KEYS[2], ARGV[1])
local q = queueof(ARGV[1])
local before = redis.call('HGET', KEYS[2], 'v:' .. q) or ''
local after = ''
if redis.call('HINCRBY', KEYS[2], 'n:' .. q, -1) <= 0 then
  redis.call('HDEL', KEYS[2], 'n:' .. q, 'l:' .. q, 'v:' .. q)
  redis.call('DEL', memberset(KEYS[2], q))
else
  local seq = redis.call('HINCRBY', KEYS[2], 'seq', 1)
  after = redis.call('HGET', KEYS[2], 'tok') .. '.' .. seq
  if isspring(q) then
    redis.call('SREM', memberset(KEYS[2], q), ARGV[1])
  else
    local list = redis.call('HGET', KEYS[2], 'l:' .. q)
    local encoded = encstr(ARGV[1])
    local at = string.find(list, encoded, 1, true)
    if at then
      list = string.sub(list, 1, at - 1) .. string.sub(list, at + #encoded)
    end
    redis.call('HSET', KEYS[2], 'l:' .. q, list)
  end
  redis.call('HSET', KEYS[2], 'v:' .. q, after)
end
local now = fingerprint(KEYS[1])
if now == '0' then
  dropindex(KEYS[2])
else
  redis.call('HINCRBY', KEYS[2], 'seq', 1)
  redis.call('HSET', KEYS[2], 'fp', now)
end
return {removed, before, after}
