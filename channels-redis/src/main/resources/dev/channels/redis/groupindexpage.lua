-- One page of a large group's index, for a sender whose cached index is stale (groupsend.lua
-- returns a small index whole). KEYS index; ARGV HSCAN cursor, count.
-- Returns {token, next cursor ('0' at the end), unusable members, then for each queue of the page
-- its name, member count, version, members ('' for Spring queues) and one member's full name},
-- as groupsend.lua's stale reply lists them. HSCAN may return a queue on two pages.
local index = KEYS[1]
local state = redis.call('HMGET', index, 'tok', 'seq', 'bad')
local current = ''
if state[1] then
  current = state[1] .. '#' .. state[2]
end
local scanned = redis.call('HSCAN', index, ARGV[1], 'COUNT', ARGV[2])
local out = {current, scanned[1], state[3] or '0'}
local fields = scanned[2]
for i = 1, #fields, 2 do
  local field = fields[i]
  if string.sub(field, 1, 2) == 'n:' then
    addqueue(out, index, string.sub(field, 3), fields[i + 1])
  end
end
return out
