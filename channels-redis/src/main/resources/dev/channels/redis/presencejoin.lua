-- Presence of one channel in a group, in keys of their own beside the group's sorted set (which a
-- Django app reads and writes; these it never touches), all in the group's hash slot:
--   KEYS[1] entries: a hash, channel -> the owner's 32-digit instance id, the key, NUL, then the
--           MessagePack entry (key and data);
--   KEYS[2] by key: a sorted set of 'key NUL channel', all scored 0, so a page of keys is a
--           lexicographic range and a key's connections sit together;
--   KEYS[3] owners: a sorted set of instance id -> the time of its last heartbeat, in ms;
--   KEYS[4] owned: a sorted set of 'instance id NUL channel', all scored 0, so the channels one
--           instance joined are a lexicographic range, for removing them all when it stops
--           renewing. Every key a presence script touches is one of these four, declared, so on
--           Redis Cluster the client routes the call to their slot (the group's hash tag).
-- presence_join: ARGV channel, entry value, now (ms), ttl (s).
-- Returns 1 if the channel was not present before, 0 if its entry was replaced.
local channel, value = ARGV[1], ARGV[2]
local owner = string.sub(value, 1, 32)
local key = string.sub(value, 33, string.find(value, '\0', 33, true) - 1)
local old = redis.call('HGET', KEYS[1], channel)
if old then
  local oldkey = string.sub(old, 33, string.find(old, '\0', 33, true) - 1)
  redis.call('ZREM', KEYS[2], oldkey .. '\0' .. channel)
  redis.call('ZREM', KEYS[4], string.sub(old, 1, 32) .. '\0' .. channel)
end
redis.call('HSET', KEYS[1], channel, value)
redis.call('ZADD', KEYS[2], 0, key .. '\0' .. channel)
redis.call('ZADD', KEYS[4], 0, owner .. '\0' .. channel)
redis.call('ZADD', KEYS[3], ARGV[3], owner)
for _, k in ipairs({KEYS[1], KEYS[2], KEYS[3], KEYS[4]}) do
  redis.call('EXPIRE', k, ARGV[4])
end
if old then
  return 0
end
return 1
