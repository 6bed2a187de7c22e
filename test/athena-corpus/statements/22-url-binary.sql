# URL functions (https://trino.io/docs/current/functions/url.html) and varbinary functions
# (functions/binary.html, functions/string.html to_utf8/from_utf8). A missing query or fragment of
# a parsable URL is the empty string, a missing port NULL, an unparsable URL NULL (the values of
# Trino's URL function tests). url_encode encodes a space as + and keeps only alphanumerics and
# . - * _. A varbinary prints as lowercase hex bytes separated by spaces; to_hex gives uppercase
# hex. Hash values are the ones Trino's varbinary function tests assert (and, for the empty input,
# the published MD5/SHA test vectors); base64/base32 vectors are RFC 4648's.

=== url-extract-protocol-doc
SELECT url_extract_protocol('http://localhost:8080/req_path') AS a, url_extract_protocol('https://127.0.0.1:8080/req_path') AS b, url_extract_protocol('ftp://path/file') AS c
--> a:varchar, b:varchar, c:varchar
["http", "https", "ftp"]

=== url-extract-parts
SELECT url_extract_host('http://example.com:8080/path1/p.php?k1=v1&k2=v2#Ref1') AS host, url_extract_port('http://example.com:8080/path1/p.php?k1=v1&k2=v2#Ref1') AS port, url_extract_path('http://example.com:8080/path1/p.php?k1=v1&k2=v2#Ref1') AS path, url_extract_query('http://example.com:8080/path1/p.php?k1=v1&k2=v2#Ref1') AS query, url_extract_fragment('http://example.com:8080/path1/p.php?k1=v1&k2=v2#Ref1') AS fragment
--> host:varchar, port:bigint, path:varchar, query:varchar, fragment:varchar
["example.com", "8080", "/path1/p.php", "k1=v1&k2=v2", "Ref1"]

=== url-extract-missing-parts
@gap a missing query or fragment is NULL, Trino ''
# No port: NULL; no query or fragment: the empty string.
SELECT url_extract_port('http://example.com/path1/p.php') AS port, url_extract_query('http://example.com/path1/p.php') AS query, url_extract_fragment('http://example.com/path1/p.php') AS fragment, url_extract_query('http://example.com/path1/p.php?') AS empty_query
--> port:bigint, query:varchar, fragment:varchar, empty_query:varchar
[null, "", "", ""]

=== url-extract-userinfo-and-no-path
SELECT url_extract_host('https://username:password@example.com') AS host, url_extract_path('https://username:password@example.com') AS path, url_extract_protocol('https://username@example.com') AS protocol
--> host:varchar, path:varchar, protocol:varchar
["example.com", "", "https"]

=== url-extract-opaque-and-relative
@gap a missing host or protocol is NULL, Trino ''
SELECT url_extract_protocol('mailto:test@example.com') AS a, url_extract_host('mailto:test@example.com') AS b, url_extract_path('foo') AS c, url_extract_protocol('foo') AS d
--> a:varchar, b:varchar, c:varchar, d:varchar
["mailto", "", "foo", ""]

=== url-extract-invalid-is-null
@gap an unparsable URL is not NULL (the regex still extracts parts)
SELECT url_extract_host('http://example.com/^') AS a, url_extract_path('http://example.com/^') AS b
--> a:varchar, b:varchar
[null, null]

=== url-extract-parameter
SELECT url_extract_parameter('http://example.com/path1/p.php?k1=v1&k2=v2&k3&k4#Ref1', 'k1') AS k1, url_extract_parameter('http://example.com/path1/p.php?k1=v1&k2=v2&k3&k4#Ref1', 'k3') AS k3, url_extract_parameter('http://example.com/path1/p.php?k1=v1&k2=v2&k3&k4#Ref1', 'k5') AS k5, url_extract_parameter('http://example.com/path1/p.php?k1=v1&k1=v2&k1&k1#Ref1', 'k1') AS first, url_extract_parameter('http://example.com/path1/p.php?k=a=b=c&x=y#Ref1', 'k') AS eq
--> k1:varchar, k3:varchar, k5:varchar, first:varchar, eq:varchar
["v1", "", null, "v1", "a=b=c"]

=== url-extract-parameter-encoded
SELECT url_extract_parameter('http://example.com/path1/p.php?k1=a%26k2%3Db&k2=c#Ref1', 'k2') AS a
--> a:varchar
["c"]

=== url-encode
@gap url_encode encodes a space as %20 and * as %2A, keeps ~ (Trino: +, *, %7E)
SELECT url_encode('http://test?a=b&c=d') AS a, url_encode('~@:.-*_+ ☃') AS b, url_encode('test') AS c
--> a:varchar, b:varchar, c:varchar
["http%3A%2F%2Ftest%3Fa%3Db%26c%3Dd", "%7E%40%3A.-*_%2B+%E2%98%83", "test"]

=== url-decode
@gap url_decode keeps + instead of decoding it as a space
SELECT url_decode('http%3A%2F%2Ftest%3Fa%3Db%26c%3Dd') AS a, url_decode('%7E%40%3A.-*_%2B+%E2%98%83') AS b, url_decode('http%3A%2F%2F%E3%83%86%E3%82%B9%E3%83%88') AS c
--> a:varchar, b:varchar, c:varchar
["http://test?a=b&c=d", "~@:.-*_+ ☃", "http://テスト"]

=== bin-literal-and-concat
@gap X'..' literals come back typed varchar, not varbinary
SELECT X'58F7' AS a, X'58' || X'F7' AS b, to_hex(X'58F7') AS c, X'' AS d
--> a:varbinary, b:varbinary, c:varchar, d:varbinary
["58 f7", "58 f7", "58F7", ""]

=== bin-to-utf8-to-hex
SELECT to_utf8('hello world') AS b, to_hex(to_utf8('hello world')) AS h
--> b:varbinary, h:varchar
["68 65 6c 6c 6f 20 77 6f 72 6c 64", "68656C6C6F20776F726C64"]

=== bin-length-in-bytes
@gap length() of a varbinary (bytes) is not implemented
SELECT length(to_utf8('Zoë')) AS n, length(X'') AS e
--> n:bigint, e:bigint
["4", "0"]

=== bin-from-hex
SELECT from_hex('617a6f') AS a, from_utf8(from_hex('617A6F')) AS b, from_hex('') AS c
--> a:varbinary, b:varchar, c:varbinary
["61 7a 6f", "azo", ""]

=== bin-base64
SELECT to_base64(to_utf8('hello world')) AS a, from_utf8(from_base64('aGVsbG8gd29ybGQ=')) AS b, from_base64('Zm9vYmFy') AS c
--> a:varchar, b:varchar, c:varbinary
["aGVsbG8gd29ybGQ=", "hello world", "66 6f 6f 62 61 72"]

=== bin-base64-rfc4648-vectors
SELECT to_base64(to_utf8('')) AS e, to_base64(to_utf8('f')) AS a, to_base64(to_utf8('fo')) AS b, to_base64(to_utf8('foo')) AS c, to_base64(to_utf8('foobar')) AS d
--> e:varchar, a:varchar, b:varchar, c:varchar, d:varchar
["", "Zg==", "Zm8=", "Zm9v", "Zm9vYmFy"]

=== bin-base32-rfc4648-vectors
@gap to_base32/from_base32 are not implemented
SELECT to_base32(to_utf8('f')) AS a, to_base32(to_utf8('foobar')) AS b, from_utf8(from_base32('MZXW6YTBOI======')) AS c
--> a:varchar, b:varchar, c:varchar
["MY======", "MZXW6YTBOI======", "foobar"]

=== bin-md5
SELECT md5(to_utf8('')) AS raw, to_hex(md5(to_utf8(''))) AS a, to_hex(md5(to_utf8('hashme'))) AS b
--> raw:varbinary, a:varchar, b:varchar
["d4 1d 8c d9 8f 00 b2 04 e9 80 09 98 ec f8 42 7e", "D41D8CD98F00B204E9800998ECF8427E", "533F6357E0210E67D91F651BC49E1278"]

=== bin-sha1-sha256
SELECT to_hex(sha1(to_utf8(''))) AS a, to_hex(sha256(to_utf8(''))) AS b, to_hex(sha256(to_utf8('hashme'))) AS c
--> a:varchar, b:varchar, c:varchar
["DA39A3EE5E6B4B0D3255BFEF95601890AFD80709", "E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855", "02208B9403A87DF9F4ED6B2EE2657EFAA589026B4CCE9ACCC8E8A5BF3D693C86"]

=== bin-sha512
@gap sha512 is not implemented
SELECT to_hex(sha512(to_utf8(''))) AS d
--> d:varchar
["CF83E1357EEFB8BDF1542850D66D8007D620E4050B5715DC83F4A921D36CE9CE47D0D13C5D85F2B0FF8318D2877EEC2F63B931BD47417A81A538327AF927DA3E"]

=== bin-crc32-xxhash64-murmur3
@gap crc32, xxhash64 and murmur3 are not implemented
SELECT crc32(to_utf8('1234567890')) AS a, to_hex(xxhash64(to_utf8(''))) AS b, murmur3(from_base64('aaaaaa')) AS c
--> a:bigint, b:varchar, c:varbinary
["639479525", "EF46DB3751D8E999", "ba 58 55 63 55 69 b4 2f 49 20 37 2c a0 e3 96 ef"]

=== bin-hmac
@gap hmac_md5/hmac_sha256 are not implemented
SELECT to_hex(hmac_md5(to_utf8('hashme'), to_utf8('key'))) AS a, to_hex(hmac_sha256(to_utf8('hashme'), to_utf8('key'))) AS b
--> a:varchar, b:varchar
["0A26EBEB0E7B65F528D96F7BC631BC8F", "D3D72F9FACDE059DA3A4EB43A9ABDD4B35118E0FEF00E6D16FB04BB332AF0484"]

=== bin-substr-reverse-pad
@gap substr/reverse/lpad/rpad of varbinary are not implemented
SELECT substr(CAST('Quadratically' AS varbinary), 5, 6) AS a, from_utf8(reverse(CAST('hello' AS varbinary))) AS b, lpad(X'1234', 7, X'45') AS c, rpad(X'1234', 3, X'4524') AS d
--> a:varbinary, b:varchar, c:varbinary, d:varbinary
["72 61 74 69 63 61", "olleh", "45 45 45 45 45 12 34", "12 34 45"]

=== bin-big-endian-and-ieee754
@gap to_big_endian_*/from_big_endian_*/to_ieee754_*/from_ieee754_* are not implemented
SELECT to_big_endian_64(1) AS a, from_big_endian_32(from_hex('7FFFFFFF')) AS b, to_hex(to_big_endian_32(-2147483647)) AS c, to_hex(to_ieee754_64(1.0e0)) AS d, from_ieee754_64(from_hex('3FF0000000000000')) AS e
--> a:varbinary, b:integer, c:varchar, d:varchar, e:double
["00 00 00 00 00 00 00 01", "2147483647", "80000001", "3FF0000000000000", "1.0"]
