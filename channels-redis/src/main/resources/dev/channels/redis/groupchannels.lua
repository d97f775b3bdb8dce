-- group_channels: KEYS the group's sorted set (channels_redis's own; read only); ARGV the expiry
-- cutoff (a score: members not after it have expired), the score and member of the last member
-- listed ('' for the first page), and how many to return.
-- Returns member and score of up to that many live members, oldest membership first, after the
-- last one listed: those of the same score that sort after it, then those of later scores.
-- Whether a sorts after b byte by byte, as Redis orders members of one score (Lua's own string
-- comparison follows the server's locale).
local function later(a, b)
  local n = math.min(#a, #b)
  for i = 1, n do
    local x, y = string.byte(a, i), string.byte(b, i)
    if x ~= y then
      return x > y
    end
  end
  return #a > #b
end

local cutoff, after, last, want = tonumber(ARGV[1]), ARGV[2], ARGV[3], tonumber(ARGV[4])
local reply = {}
local from = '(' .. ARGV[1]
if after ~= '' and tonumber(after) > cutoff then
  for _, member in ipairs(redis.call('ZRANGEBYSCORE', KEYS[1], after, after)) do
    if later(member, last) and #reply < 2 * want then
      reply[#reply + 1] = member
      reply[#reply + 1] = after
    end
  end
  from = '(' .. after
end
local rest = want - #reply / 2
if rest > 0 then
  local more = redis.call('ZRANGEBYSCORE', KEYS[1], from, '+inf', 'WITHSCORES', 'LIMIT', 0, rest)
  for _, item in ipairs(more) do
    reply[#reply + 1] = item
  end
end
return reply
