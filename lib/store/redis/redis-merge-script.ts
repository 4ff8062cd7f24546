/**
 * The Redis merge as one Lua script (after the deadline check of `redis-deadline-write.ts`).
 * KEYS[1] the session's key. ARGV: [1] the whole session as this request sees it, [2] TTL seconds,
 * [3] deadline, [4] the record as this request loaded it, [5] the cookie's JSON, [6] how many keys were set,
 * then that many (key JSON, value JSON) pairs, then the JSON of each deleted key.
 *
 * When the record is still what the request loaded, ARGV[1] is written (reply `{1, now}`). Otherwise
 * another request wrote in between: the script walks the current record's top-level members as text
 * (strings, escapes and nesting, without decoding: every other key keeps its exact bytes), drops the
 * keys this request set or deleted and `cookie`, appends the request's values and cookie, and writes that
 * (reply `{3, now, written}`). A record gone replies `{0, now}`; one that is not a JSON object is replaced
 * by ARGV[1]. One round trip, atomic, no retry.
 */
export const MERGE_SCRIPT = `
local current = redis.call('GET', KEYS[1])
if not current then return {0, now} end
if current == ARGV[4] then
  redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2])
  return {1, now}
end
local s, n, i = current, #current, 1
local function ws()
  while i <= n do
    local c = s:byte(i)
    if c == 32 or c == 9 or c == 10 or c == 13 then i = i + 1 else return end
  end
end
local function str()
  local j = i + 1
  while j <= n do
    local c = s:byte(j)
    if c == 92 then j = j + 2
    elseif c == 34 then i = j + 1 return true
    else j = j + 1 end
  end
  return false
end
local function value()
  local c = s:byte(i)
  if c == 34 then return str() end
  if c == 123 or c == 91 then
    local depth = 0
    while i <= n do
      local d = s:byte(i)
      if d == 34 then
        if not str() then return false end
      else
        if d == 123 or d == 91 then depth = depth + 1 elseif d == 125 or d == 93 then depth = depth - 1 end
        i = i + 1
        if depth == 0 then return true end
      end
    end
    return false
  end
  local start = i
  while i <= n do
    local d = s:byte(i)
    if d == 44 or d == 125 or d == 93 or d == 32 or d == 9 or d == 10 or d == 13 then break end
    i = i + 1
  end
  return i > start
end
local function members()
  ws()
  if s:byte(i) ~= 123 then return nil end
  i = i + 1
  local out = {}
  ws()
  if s:byte(i) == 125 then return out end
  while i <= n do
    ws()
    if s:byte(i) ~= 34 then return nil end
    local ks = i
    if not str() then return nil end
    local k = s:sub(ks, i - 1)
    ws()
    if s:byte(i) ~= 58 then return nil end
    i = i + 1
    ws()
    local vs = i
    if not value() then return nil end
    out[#out + 1] = {k, s:sub(vs, i - 1)}
    ws()
    local c = s:byte(i)
    if c == 44 then i = i + 1 elseif c == 125 then return out else return nil end
  end
  return nil
end
local list = members()
if not list then
  redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2])
  return {1, now}
end
local setCount = tonumber(ARGV[6])
local replaced = {['"cookie"'] = true}
for a = 7, 6 + 2 * setCount, 2 do replaced[ARGV[a]] = true end
for a = 7 + 2 * setCount, #ARGV do replaced[ARGV[a]] = true end
local parts = {}
for _, member in ipairs(list) do
  if not replaced[member[1]] then parts[#parts + 1] = member[1] .. ':' .. member[2] end
end
for a = 7, 6 + 2 * setCount, 2 do parts[#parts + 1] = ARGV[a] .. ':' .. ARGV[a + 1] end
parts[#parts + 1] = '"cookie":' .. ARGV[5]
local merged = '{' .. table.concat(parts, ',') .. '}'
redis.call('SET', KEYS[1], merged, 'EX', ARGV[2])
return {3, now, merged}
`;
