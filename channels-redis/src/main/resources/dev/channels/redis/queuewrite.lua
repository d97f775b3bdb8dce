-- Adds messages to queues, as channels_redis's send and group send do, many in one round trip.
-- KEYS: the queue of each message (a queue may repeat: its messages are added in order).
-- ARGV: expiry cutoff, ttl seconds, then per message its score, the queue's capacity, the payload.
-- Messages older than the cutoff are dropped first; a message whose queue holds its capacity is
-- not added. Returns {expired messages removed, then the 1-based position of each message that
-- found its queue full, negated if the queue's key holds another type (a hand edit): the other
-- messages of the call are still written}.
-- Each queue is cleaned, counted, added to and given its TTL once per call, whatever the number of
-- its messages: calls into Redis, not the messages, are what a script spends its time on.
local reply = {0}
local queues = {}
local order = {}
for i = 1, #KEYS do
  local key = KEYS[i]
  local queue = queues[key]
  if not queue then
    local removed = redis.pcall('ZREMRANGEBYSCORE', key, '-inf', ARGV[1])
    if type(removed) == 'number' then
      reply[1] = reply[1] + removed
      queue = {size = redis.call('ZCARD', key), adds = {}}
    else
      queue = {wrongtype = true, adds = {}}
    end
    queues[key] = queue
    order[#order + 1] = key
  end
  local at = 3 * i
  if queue.wrongtype then
    reply[#reply + 1] = -i
  elseif queue.size < tonumber(ARGV[at + 1]) then
    queue.size = queue.size + 1
    local adds = queue.adds
    adds[#adds + 1] = ARGV[at]
    adds[#adds + 1] = ARGV[at + 2]
  else
    reply[#reply + 1] = i
  end
end
for _, key in ipairs(order) do
  local adds = queues[key].adds
  if #adds > 0 then
    redis.call('ZADD', key, unpack(adds))
    redis.call('EXPIRE', key, ARGV[2])
  end
end
return reply
