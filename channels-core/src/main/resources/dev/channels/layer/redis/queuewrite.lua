-- Adds messages to queues, as channels_redis's send and group send do, many in one round trip.
-- KEYS: the queue of each message (a queue may repeat: its messages are added in order).
-- ARGV: expiry cutoff, ttl seconds, then per message its score, the queue's capacity, the payload.
-- Messages older than the cutoff are dropped first; a message whose queue holds its capacity is
-- not added. Returns {expired messages removed, then the 1-based position of each message that
-- found its queue full}.
local reply = {0}
local cleaned = {}
for i = 1, #KEYS do
  local key = KEYS[i]
  if not cleaned[key] then
    reply[1] = reply[1] + redis.call('ZREMRANGEBYSCORE', key, '-inf', ARGV[1])
    cleaned[key] = true
  end
  local at = 3 * i
  if redis.call('ZCARD', key) < tonumber(ARGV[at + 1]) then
    redis.call('ZADD', key, ARGV[at], ARGV[at + 2])
    redis.call('EXPIRE', key, ARGV[2])
  else
    reply[#reply + 1] = i
  end
end
return reply
