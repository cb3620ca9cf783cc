-- GCRA (generic cell rate algorithm), one slot per call, atomic in Redis.
-- KEYS[1]: the state, the theoretical arrival time (TAT) in microseconds of Redis server time.
-- ARGV[1]: the emission interval (microseconds per request).
-- ARGV[2]: the burst tolerance (interval * (burst - 1), microseconds).
-- Reserves the caller's slot and returns {wait, next_wait}: how long the caller waits before
-- sending (0: go now), and how long a call made right after it would wait. The key expires
-- when its TAT passes, when it means the same as no key.
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local interval = tonumber(ARGV[1])
local tolerance = tonumber(ARGV[2])
local tat = tonumber(redis.call('GET', KEYS[1]))
if not tat or tat < now then
  tat = now
end
local wait = tat - tolerance - now
if wait < 0 then
  wait = 0
end
tat = tat + interval
redis.call('SET', KEYS[1], string.format('%.0f', tat), 'PX', math.ceil((tat - now) / 1000))
local next_wait = tat - tolerance - now
if next_wait < 0 then
  next_wait = 0
end
return {wait, next_wait}
