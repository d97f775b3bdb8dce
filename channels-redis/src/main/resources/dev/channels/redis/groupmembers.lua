-- The members of a group in one Spring Channels queue, with that queue's version.
-- KEYS index, member set; ARGV the version field. Returns {version or '', members...}.
local reply = {redis.call('HGET', KEYS[1], ARGV[1]) or ''}
if reply[1] ~= '' then
  for _, member in ipairs(redis.call('SMEMBERS', KEYS[2])) do
    reply[#reply + 1] = member
  end
end
return reply
