#!/usr/bin/env node
// Writes test/fixtures/sigv4-vectors.json: SigV4 test vectors signed by an independent signer, the
// AWS SDK for JavaScript's own (@smithy/signature-v4), for requests written here. Each vector holds
// the signed request as it goes on the wire (raw HTTP/1.1), the signer's canonical request, string
// to sign and signature, in the Authorization-header form and, where it applies, the presigned
// query-string form. src/auth/sigv4/verify.test.ts checks that sagelite's verifier derives the same
// canonical request, accepts each request and rejects tampered copies.
// Usage: node scripts/make-sigv4-vectors.mjs [--check]   (--check: exit 1 if the file is stale)
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Sha256 } from '@aws-crypto/sha256-js';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';

const OUT = join(dirname(fileURLToPath(import.meta.url)), '..', 'test', 'fixtures', 'sigv4-vectors.json');

// Made-up credentials, for these vectors only.
const KEY = { accessKeyId: 'AKIAZSAGELITEVECTOR1', secretAccessKey: 'sAgElItE/v3ct0rs+s3cr3t/kEy0123456789abcd' };
const TEMP = { accessKeyId: 'ASIAZSAGELITEVECTOR2', secretAccessKey: 'tEmP/s3cr3t+sAgElItE/v3ct0rs/9876543210zy', sessionToken: 'FwoGZXIvYXdzEXAMPLE//sagelite+vector/token=' };

/** Percent-encoding for the wire: RFC 3986, everything but unreserved characters. */
const wire = (text) => encodeURIComponent(text).replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());

const sts = { service: 'sts', region: 'us-east-1', host: 'sts.amazonaws.com' };
const iam = { service: 'iam', region: 'us-east-1', host: 'iam.amazonaws.com' };
const sagemaker = { service: 'sagemaker', region: 'eu-west-3', host: 'api.sagemaker.eu-west-3.amazonaws.com' };
const runtime = { service: 'sagemaker', region: 'eu-west-3', host: 'featurestore-runtime.sagemaker.eu-west-3.amazonaws.com' };
const glue = { service: 'glue', region: 'ap-southeast-2', host: 'glue.ap-southeast-2.amazonaws.com' };
const athena = { service: 'athena', region: 'ca-central-1', host: 'athena.ca-central-1.amazonaws.com' };
const s3 = { service: 's3', region: 'us-west-2', host: 's3.us-west-2.amazonaws.com', s3: true };

/**
 * The requests. `path` is the path as it goes on the wire (the signer double-encodes it outside
 * S3, as AWS's SDKs do); `query` is [name, value] pairs, decoded, in wire order; `rawQuery`, when
 * given, is the wire form of the same pairs; `headers` are [name, value] as sent. `split` sends a
 * header signed as one comma-joined value as several lines; `fold` sends one as obs-fold lines.
 * `token`: 'signed' (the SDK's way), 'after' (added once signed, as some presigners do).
 */
const CASES = [
  { name: 'get-vanilla', about: 'GET / with only Host', ...sts, method: 'GET', path: '/', query: [], headers: [['Host', sts.host]] },
  { name: 'get-query-sorted', about: 'query parameters out of order on the wire, sorted by name in the canonical query', ...sts, method: 'GET', path: '/',
    query: [['Version', '2011-06-15'], ['Action', 'GetCallerIdentity']], headers: [['Host', sts.host]] },
  { name: 'get-query-name-case', about: 'names that differ only in case sort by code point (upper case first)', ...iam, method: 'GET', path: '/',
    query: [['marker', 'b'], ['Marker', 'a'], ['action', 'x'], ['Action', 'ListUsers'], ['Version', '2010-05-08']], headers: [['Host', iam.host]] },
  { name: 'get-query-repeated-name', about: 'one name given three times: its values sorted', ...glue, method: 'GET', path: '/',
    query: [['tag', 'zeta'], ['tag', 'Alpha'], ['tag', 'mid']], headers: [['Host', glue.host]] },
  { name: 'get-query-reserved-characters', about: 'values with spaces, slashes, plus, equals, ampersands and quotes, percent-encoded', ...athena, method: 'GET', path: '/',
    query: [['filter', "name eq 'x y'"], ['path', '/a/b c/'], ['sum', '1+1=2'], ['and', 'a&b'], ['star', '*(!)']], headers: [['Host', athena.host]] },
  { name: 'get-query-unreserved', about: 'unreserved characters are never encoded', ...athena, method: 'GET', path: '/',
    query: [['-._~0189AZaz', '-._~0189AZaz']], headers: [['Host', athena.host]] },
  { name: 'get-query-overencoded', about: 'the wire encodes unreserved characters and uses lower-case hex: the canonical query decodes and encodes again', ...athena, method: 'GET', path: '/',
    query: [['Param~1', 'value-one'], ['param_2', 'a/b']], rawQuery: 'Param%7E1=%76alue%2Done&param%5F2=a%2fb', headers: [['Host', athena.host]] },
  { name: 'get-query-empty-values', about: 'a value left empty, with and without "="', ...glue, method: 'GET', path: '/',
    query: [['list-type', '2'], ['prefix', ''], ['versions', '']], rawQuery: 'list-type=2&prefix=&versions', headers: [['Host', glue.host]] },
  { name: 'get-query-empty-name', about: 'a parameter with an empty name', ...glue, method: 'GET', path: '/',
    query: [['', 'lonely'], ['b', '1']], headers: [['Host', glue.host]] },
  { name: 'get-query-utf8', about: 'UTF-8 names and values', ...sagemaker, method: 'GET', path: '/',
    query: [['ville', 'Besançon'], ['都市', '東京'], ['emoji', '🦉']], headers: [['Host', sagemaker.host]] },
  { name: 'get-path-utf8-encoded', about: 'a UTF-8 path sent percent-encoded: encoded again in the canonical URI', ...runtime, method: 'GET',
    path: '/FeatureGroup/caf%C3%A9-%C3%A9t%C3%A9', query: [], headers: [['Host', runtime.host]] },
  { name: 'get-path-utf8-raw', about: 'a UTF-8 path sent as raw bytes: encoded once', ...runtime, method: 'GET', path: '/FeatureGroup/ሴ-naïve', query: [], headers: [['Host', runtime.host]] },
  { name: 'get-path-space', about: 'an encoded space in the path', ...runtime, method: 'GET', path: '/FeatureGroup/my%20group/', query: [], headers: [['Host', runtime.host]] },
  { name: 'get-path-unreserved', about: 'unreserved characters in the path', ...runtime, method: 'GET', path: '/-._~0189AZaz', query: [], headers: [['Host', runtime.host]] },
  { name: 'get-path-dot-segments', about: '"." and ".." removed (normalize-path)', ...runtime, method: 'GET', path: '/a/./b/../c/d', query: [], headers: [['Host', runtime.host]] },
  { name: 'get-path-parent-above-root', about: '".." past the root stays at the root', ...runtime, method: 'GET', path: '/../../records', query: [], headers: [['Host', runtime.host]] },
  { name: 'get-path-repeated-slashes', about: 'empty segments removed, the trailing slash kept', ...runtime, method: 'GET', path: '//a///b//', query: [], headers: [['Host', runtime.host]] },
  { name: 'get-path-dot-slash', about: '"/./" is the root', ...runtime, method: 'GET', path: '/./', query: [], headers: [['Host', runtime.host]] },
  { name: 'get-header-whitespace', about: 'leading, trailing and inner runs of spaces and tabs in a value collapse to one space', ...sts, method: 'GET', path: '/',
    query: [], headers: [['Host', sts.host], ['X-Sagelite-Note', '   two  spaces,\t\ttabs   and   more   ']] },
  { name: 'get-header-order-and-case', about: 'headers sent unsorted with mixed-case names: lower-cased and sorted', ...sts, method: 'GET', path: '/',
    query: [], headers: [['X-Sagelite-Zeta', 'z'], ['Host', sts.host], ['x-sagelite-alpha', 'a'], ['X-SAGELITE-MID', 'm']] },
  { name: 'get-header-value-case', about: 'header values keep their case', ...sts, method: 'GET', path: '/', query: [], headers: [['Host', sts.host], ['X-Sagelite-Mixed', 'VaLuE-WiTh-CaSe']] },
  { name: 'get-header-repeated', about: 'one header sent on three lines: its values joined with commas, in order', ...sts, method: 'GET', path: '/',
    query: [], headers: [['Host', sts.host], ['X-Sagelite-Tag', 'blue,green,blue']], split: { 'X-Sagelite-Tag': ['blue', 'green', 'blue'] } },
  { name: 'get-header-folded', about: 'an obs-fold header over three lines, read as one value', ...sts, method: 'GET', path: '/',
    query: [], headers: [['Host', sts.host], ['X-Sagelite-Long', 'first second third']], fold: { 'X-Sagelite-Long': ['first', '  second', '\tthird'] } },
  { name: 'get-unsigned-headers', about: 'User-Agent and X-Amzn-Trace-Id are sent but not signed', ...sts, method: 'GET', path: '/',
    query: [['Action', 'GetCallerIdentity'], ['Version', '2011-06-15']], headers: [['Host', sts.host], ['User-Agent', 'sagelite-vectors/1.0'], ['X-Amzn-Trace-Id', 'Root=1-00000000-000000000000000000000000']] },
  { name: 'get-session-token', about: 'temporary credentials: the session token is signed', ...sts, method: 'GET', path: '/',
    query: [['Action', 'GetCallerIdentity'], ['Version', '2011-06-15']], headers: [['Host', sts.host]], token: 'signed' },
  { name: 'post-vanilla', about: 'POST / without a body', ...sts, method: 'POST', path: '/', query: [], headers: [['Host', sts.host]] },
  { name: 'post-form-body', about: 'a form-encoded body, hashed into the signature', ...sts, method: 'POST', path: '/', query: [],
    headers: [['Host', sts.host], ['Content-Type', 'application/x-www-form-urlencoded; charset=utf-8']], body: 'Action=GetCallerIdentity&Version=2011-06-15' },
  { name: 'post-form-body-and-query', about: 'parameters in both the query and the body', ...iam, method: 'POST', path: '/', query: [['Version', '2010-05-08']],
    headers: [['Host', iam.host], ['Content-Type', 'application/x-www-form-urlencoded']], body: 'Action=ListRoles&PathPrefix=%2Fservice-role%2F' },
  { name: 'post-json-body', about: 'a JSON-protocol call with X-Amz-Target', ...sagemaker, method: 'POST', path: '/',
    query: [], headers: [['Host', sagemaker.host], ['Content-Type', 'application/x-amz-json-1.1'], ['X-Amz-Target', 'SageMaker.ListFeatureGroups']], body: '{"MaxResults":10}' },
  { name: 'post-utf8-body-content-sha256', about: 'a UTF-8 body with its hash in X-Amz-Content-Sha256', ...runtime, method: 'PUT', path: '/FeatureGroup/clients',
    query: [], headers: [['Host', runtime.host], ['Content-Type', 'application/json']], body: '{"Record":[{"FeatureName":"name","ValueAsString":"Zoë 東京"}]}', contentSha256: true },
  { name: 'post-session-token-signed', about: 'temporary credentials and a body: the token header is signed', ...sts, method: 'POST', path: '/', query: [],
    headers: [['Host', sts.host], ['Content-Type', 'application/x-www-form-urlencoded']], body: 'Action=GetCallerIdentity&Version=2011-06-15', token: 'signed' },
  { name: 'post-session-token-after', about: 'the session token added after signing, unsigned', ...sts, method: 'POST', path: '/', query: [],
    headers: [['Host', sts.host], ['Content-Type', 'application/x-www-form-urlencoded']], body: 'Action=GetCallerIdentity&Version=2011-06-15', token: 'after' },
  { name: 's3-get-object-key', about: 'S3: the key sent encoded once is signed as sent, not encoded again', ...s3, method: 'GET',
    path: '/sagelite-vectors/photos/2024/my%20photo%2Bcopy%20%28final%29.jpg', query: [], headers: [['Host', s3.host]] },
  { name: 's3-get-unnormalized-key', about: 'S3: "//", "." and ".." in a key are not normalized', ...s3, method: 'GET',
    path: '/sagelite-vectors/a//b/./c/../d', query: [], headers: [['Host', s3.host]] },
  { name: 's3-get-subresource', about: 'S3: a sub-resource without a value and a listing query', ...s3, method: 'GET', path: '/sagelite-vectors',
    query: [['acl', '']], rawQuery: 'acl', headers: [['Host', s3.host]] },
  { name: 's3-list-objects', about: 'S3: ListObjectsV2 with a prefix holding a slash and a space', ...s3, method: 'GET', path: '/sagelite-vectors',
    query: [['list-type', '2'], ['prefix', 'offline store/year=2024/'], ['max-keys', '5']], headers: [['Host', s3.host]] },
  { name: 's3-put-object-body', about: 'S3: PUT with a body, its hash and user metadata signed', ...s3, method: 'PUT', path: '/sagelite-vectors/data/part-0001.csv',
    query: [], headers: [['Host', s3.host], ['Content-Type', 'text/csv'], ['X-Amz-Meta-Source', 'sagelite vectors']], body: 'cid,name\n7001,ada\n7002,bo\n' },
  { name: 's3-put-unsigned-payload', about: 'S3: UNSIGNED-PAYLOAD, the body not covered', ...s3, method: 'PUT', path: '/sagelite-vectors/data/unsigned.txt',
    query: [], headers: [['Host', s3.host], ['X-Amz-Content-Sha256', 'UNSIGNED-PAYLOAD']], body: 'not signed' },
  { name: 's3-session-token', about: 'S3 with temporary credentials', ...s3, method: 'GET', path: '/sagelite-vectors/report.json', query: [], headers: [['Host', s3.host]], token: 'signed' },
];

/** Timestamps spread over a few years and times of day, one per case. */
const when = (i) => new Date(Date.UTC(2023, 0, 1) + i * 37 * 86_400_000 + ((i * 7919) % 86_400) * 1000);

function smithyQuery(pairs) {
  const q = {};
  for (const [k, v] of pairs) q[k] = k in q ? [].concat(q[k], v) : v;
  return q;
}

function signer(c, credentials) {
  const s = new SignatureV4({ service: c.service, region: c.region, credentials, sha256: Sha256, uriEscapePath: !c.s3, applyChecksum: Boolean(c.s3 || c.contentSha256) });
  const seen = {};
  const canonical = s.createCanonicalRequest.bind(s);
  s.createCanonicalRequest = (...args) => (seen.canonicalRequest = canonical(...args));
  const toSign = s.createStringToSign.bind(s);
  s.createStringToSign = async (...args) => (seen.stringToSign = await toSign(...args));
  return { s, seen };
}

/** The request as raw HTTP/1.1: request line, header lines (split or folded as asked), blank line, body. */
function rawRequest(c, signed, extraQuery, extraHeaders) {
  const original = new Set(c.query.map(([k]) => k));
  const added = Object.entries(signed.query).filter(([k]) => !original.has(k)).map(([k, v]) => `${wire(k)}=${wire(v)}`);
  const base = c.rawQuery ?? c.query.map(([k, v]) => `${wire(k)}=${wire(v)}`).join('&');
  const query = [base, ...added, ...extraQuery].filter((p) => p !== '').join('&');
  const lines = [`${c.method} ${c.path}${query ? `?${query}` : ''} HTTP/1.1`];
  for (const [name, value] of [...Object.entries(signed.headers), ...extraHeaders]) {
    if (c.split?.[name]) for (const v of c.split[name]) lines.push(`${name}:${v}`);
    else if (c.fold?.[name]) lines.push(`${name}:${c.fold[name][0]}`, ...c.fold[name].slice(1));
    else lines.push(`${name}:${value}`);
  }
  return `${lines.join('\n')}\n\n${c.body ?? ''}`;
}

async function vector(c, i) {
  const signingDate = when(i);
  const temporary = c.token !== undefined;
  const creds = temporary ? TEMP : KEY;
  const signedCreds = c.token === 'signed' ? TEMP : { accessKeyId: creds.accessKeyId, secretAccessKey: creds.secretAccessKey };
  const request = () => new HttpRequest({ method: c.method, protocol: 'https:', hostname: c.host, path: c.path, query: smithyQuery(c.query), headers: Object.fromEntries(c.headers), body: c.body });
  const out = {
    name: c.name,
    about: c.about,
    context: {
      accessKeyId: creds.accessKeyId, secretAccessKey: creds.secretAccessKey, ...(temporary ? { sessionToken: TEMP.sessionToken } : {}),
      region: c.region, service: c.service, timestamp: signingDate.toISOString().replace(/\.000Z$/, 'Z'), s3: Boolean(c.s3),
      ...(c.token === 'after' ? { tokenAddedAfterSigning: true } : {}),
    },
  };
  {
    const { s, seen } = signer(c, signedCreds);
    const signed = await s.sign(request(), { signingDate });
    const after = c.token === 'after' ? [['X-Amz-Security-Token', TEMP.sessionToken]] : [];
    const signature = /Signature=([0-9a-f]{64})$/.exec(signed.headers.authorization)[1];
    out.header = { request: rawRequest(c, signed, [], after), ...seen, signature };
  }
  {
    const { s, seen } = signer(c, signedCreds);
    const toPresign = request();
    // S3's presigner leaves the payload unsigned; other services sign the body's hash.
    if (c.s3) toPresign.headers['x-amz-content-sha256'] = 'UNSIGNED-PAYLOAD';
    delete toPresign.headers['X-Amz-Content-Sha256'];
    const signed = await s.presign(toPresign, { signingDate, expiresIn: 300 + (i % 12) * 300 });
    const after = c.token === 'after' ? [`X-Amz-Security-Token=${wire(TEMP.sessionToken)}`] : [];
    out.query = { request: rawRequest(c, signed, after, []), ...seen, signature: signed.query['X-Amz-Signature'] };
  }
  return out;
}

const vectors = [];
for (const [i, c] of CASES.entries()) vectors.push(await vector(c, i));
const text = JSON.stringify({
  about: 'SigV4 vectors for sagelite, signed by @smithy/signature-v4 (the AWS SDK for JavaScript v3 signer) with made-up credentials; made by scripts/make-sigv4-vectors.mjs. Each request is raw HTTP/1.1; the verifier is given the context and must derive canonicalRequest, accept the request and reject tampered copies.',
  vectors,
}, null, 1) + '\n';

if (process.argv.includes('--check')) {
  let committed = '';
  try {
    committed = readFileSync(OUT, 'utf8');
  } catch {}
  if (committed !== text) {
    console.error(`${OUT} is out of date (run: node scripts/make-sigv4-vectors.mjs)`);
    process.exit(1);
  }
  console.log(`${vectors.length} vectors, as scripts/make-sigv4-vectors.mjs makes them`);
} else {
  writeFileSync(OUT, text);
  console.log(`wrote ${vectors.length} vectors (${vectors.length * 2} signed requests) to ${OUT}`);
}
