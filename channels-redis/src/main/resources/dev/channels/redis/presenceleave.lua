-- presence_leave: KEYS entries, by key, owners, owned (see presencejoin.lua); ARGV channel.
-- Returns the channel's entry value, removed, or false if it had none.
local channel = ARGV[1]
local old = redis.call('HGET', KEYS[1], channel)
if not old then
  return false
end
local key = string.sub(old, 33, string.find(old, '\0', 33, true) - 1)
redis.call('HDEL', KEYS[1], channel)
redis.call('ZREM', KEYS[2], key .. '\0' .. channel)
redis.call('ZREM', KEYS[4], string.sub(old, 1, 32) .. '\0' .. channel)
if redis.call('HLEN', KEYS[1]) == 0 then
  redis.call('DEL', KEYS[2], KEYS[3], KEYS[4])
end
return old
