/**
 * The in-memory tier's write, as one Lua script so Redis applies it atomically: the event-time
 * comparison and the change it decides cannot interleave with another process's write. It is
 * {@link SqliteRecordStore}'s rule, word for word:
 *
 * - a record expired at `now` is gone (deleted here) before the write is judged;
 * - a put replaces the record only when its event time is later (`written`, else `stale`);
 * - a delete of no record is `absent`; one not later is `stale` and changes nothing;
 * - a later HardDelete removes the record; a later SoftDelete keeps it hidden (deleted flag,
 *   no features, no expiry) with the delete's event time, for later comparisons.
 *
 * KEYS[1]: the record's key. ARGV: kind ('put' | 'SoftDelete' | 'HardDelete'), event time in
 * ms, now in ms, the value to store (put and SoftDelete), and for a put its expiry in ms ('' for
 * none) and the instant Redis itself may drop it ('' for never).
 *
 * A stored value is `<eventTimeMs>\n<expiresAtMs or ''>\n<0|1 deleted>\n<JSON>`: the script
 * reads the three header fields without a JSON parser.
 */
export const RECORD_WRITE_LUA = `
local key = KEYS[1]
local kind = ARGV[1]
local t = tonumber(ARGV[2])
local now = tonumber(ARGV[3])
local cur = redis.call('GET', key)
local storedT = nil
if cur then
  local m, x = string.match(cur, '^([^\\n]*)\\n([^\\n]*)\\n')
  if x ~= '' and tonumber(x) <= now then
    redis.call('DEL', key)
  else
    storedT = tonumber(m)
  end
end
local later = (storedT == nil) or (t > storedT)
if kind == 'put' then
  if not later then return 'stale' end
  if ARGV[6] ~= '' then
    redis.call('SET', key, ARGV[4], 'PXAT', ARGV[6])
  else
    redis.call('SET', key, ARGV[4])
  end
  return 'written'
end
if storedT == nil then return 'absent' end
if not later then return 'stale' end
if kind == 'HardDelete' then
  redis.call('DEL', key)
else
  redis.call('SET', key, ARGV[4])
end
return 'written'
`;

/**
 * Compare-and-set of one record (UpdateRecord's merge is done by the caller): the new value
 * replaces the stored one only if that is still `expected`. KEYS[1]: the record's key. ARGV:
 * expected value, new value, the instant Redis itself may drop it ('' for never). Returns 1 when
 * replaced, 0 when the record changed meanwhile.
 */
export const RECORD_REPLACE_LUA = `
local cur = redis.call('GET', KEYS[1])
if cur ~= ARGV[1] then return 0 end
if ARGV[3] ~= '' then
  redis.call('SET', KEYS[1], ARGV[2], 'PXAT', ARGV[3])
else
  redis.call('SET', KEYS[1], ARGV[2])
end
return 1
`;
