-- Adds one payload to each queue in KEYS unless that queue is at its capacity; drops messages
-- older than the expiry first. As channels_redis's send and group send, in one round trip.
-- ARGV: now, expiry cutoff, ttl seconds, then a capacity and a payload per key.
-- Returns {expired messages removed, then the position in KEYS of each queue that was full}.
local reply = {0}
for i = 1, #KEYS do
  local key = KEYS[i]
  reply[1] = reply[1] + redis.call('ZREMRANGEBYSCORE', key, '-inf', ARGV[2])
  if redis.call('ZCARD', key) < tonumber(ARGV[2 + 2 * i]) then
    redis.call('ZADD', key, ARGV[1], ARGV[3 + 2 * i])
    redis.call('EXPIRE', key, ARGV[3])
  else
    reply[#reply + 1] = i
  end
end
return reply
