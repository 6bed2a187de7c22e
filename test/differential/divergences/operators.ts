/**
 * Divergences in how condition operators read values: dates in two forms, IP addresses and
 * ranges, and a multivalued key whose value is the empty set.
 */
import type { Simulation } from '@cloud-copilot/iam-simulate';
import { allDocuments, caseDocuments, conditionValues, contextString, policiesOf, rewriteConditionValues } from './documents.js';
import { ANY_PAIR, type KnownDivergence } from './types.js';

export const dateEpochVsIso: KnownDivergence = {
  id: 'date-epoch-vs-iso',
  summary:
    'Date operators compare instants whether a value is written as epoch seconds or ISO 8601; iam-simulate compares epoch seconds against ISO milliseconds when the two forms meet.',
  applies: (c) => c.tags.includes('date-mixed-format'),
  answers: ANY_PAIR,
  // Write every Date condition value in the form of the context value it is compared with.
  repair: (sim) => {
    const out = structuredClone(sim);
    const conv = (v: string, _op: string, key: string): string => {
      const actual = contextString(out, key);
      if (actual === undefined) return v;
      const epochCtx = /^\d+$/.test(actual);
      const epochVal = /^\d+$/.test(v);
      if (epochVal === epochCtx) return v;
      return epochCtx ? String(Math.floor(Date.parse(v) / 1000)) : new Date(Number(v) * 1000).toISOString();
    };
    for (const doc of allDocuments(out)) rewriteConditionValues(doc, /^Date/, conv);
    return out;
  },
  doc: {
    url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_Date',
    quote:
      'Date condition operators let you construct Condition elements that restrict access based on comparing a key to a date/time value. … You must specify date/time values with one of the W3C implementations of the ISO 8601 date formats or in epoch (UNIX) time.',
  },
};

export const ipv4PrefixZero: KnownDivergence = {
  id: 'ipv4-prefix-zero',
  summary: 'IpAddress/NotIpAddress with 0.0.0.0/0 covers every IPv4 address; iam-simulate builds its /0 mask as -1 << 32, which JavaScript reads as -1 << 0, so 0.0.0.0/0 matches only 0.0.0.0.',
  applies: (c) => caseDocuments(c).some((p) => p.text.includes('0.0.0.0/0')),
  answers: ANY_PAIR,
  // The same set written as two /1 halves, which iam-simulate computes correctly.
  repair: (sim) => JSON.parse(JSON.stringify(sim).split('"0.0.0.0/0"').join('"0.0.0.0/1","128.0.0.0/1"').replace(/("aws:SourceIp":)("0\.0\.0\.0\/1","128\.0\.0\.0\/1")/gi, '$1[$2]')) as Simulation,
  doc: {
    url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_IPAddress',
    quote: 'IP address condition operators let you construct Condition elements that restrict access based on comparing a key to an IPv4 or IPv6 address or range of IP addresses. … The value must be in the standard CIDR format (for example, 203.0.113.0/24 or 2001:DB8:1234:5678::/64).',
  },
};

export const emptyMultivaluedKeyIsNull: KnownDivergence = {
  id: 'empty-multivalued-key-is-null',
  summary:
    'A multivalued key whose value is the empty set (aws:TagKeys = []) is treated as absent: Null is true for it. iam-simulate treats an empty list as present.',
  applies: (c) => {
    const empty = Object.entries(c.request.context).filter(([, v]) => Array.isArray(v) && v.length === 0).map(([k]) => k.toLowerCase());
    return empty.length > 0 && caseDocuments(c).some((p) => /"Null":/.test(p.text) && empty.some((k) => p.text.toLowerCase().includes(`"${k}"`)));
  },
  answers: ANY_PAIR,
  // Leave the empty key out of the context, as a request without tags does.
  repair: (sim) => {
    const ctx = { ...sim.request.contextVariables };
    for (const [k, v] of Object.entries(ctx)) if (Array.isArray(v) && v.length === 0) delete ctx[k];
    return { ...sim, request: { ...sim.request, contextVariables: ctx } };
  },
  doc: {
    url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#reference_policies_multi-key-or-value-conditions',
    quote:
      'The ForAllValues qualifier returns true if there are no context keys in the request or if the context key value resolves to a null dataset, such as an empty string. To prevent missing context keys or context keys with empty values from evaluating to true, you can include the Null condition operator in your policy with a false value to check if the context key exists and its value is not null.',
  },
};

export const bareIpAddressIsOneAddress: KnownDivergence = {
  id: 'bare-ip-address-is-one-address',
  summary:
    'A bare address in IpAddress/NotIpAddress is a one-address range (/32; /128 for IPv6, our reading of a sentence written for IPv4), compared as an address: 2001:DB8::42 is 2001:db8::42, and an IPv6 caller is not 203.0.113.7. iam-simulate compares bare values as text and, under NotIpAddress, treats a caller of the other address family as inside the address.',
  applies: (c) => policiesOf(c).some((doc) => conditionValues(doc, /IpAddress/).some((v) => !v.includes('/'))),
  answers: ANY_PAIR,
  // The same single address written as a range, which iam-simulate compares numerically.
  repair: (sim) => {
    const out = structuredClone(sim);
    for (const doc of allDocuments(out)) rewriteConditionValues(doc, /IpAddress/, (v) => (v.includes('/') ? v : `${v}/${v.includes(':') ? 128 : 32}`));
    return out;
  },
  doc: {
    url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_IPAddress',
    quote:
      'IP address condition operators let you construct Condition elements that restrict access based on comparing a key to an IPv4 or IPv6 address or range of IP addresses. … The value must be in the standard CIDR format (for example, 203.0.113.0/24 or 2001:DB8:1234:5678::/64). If you specify an IP address without the associated routing prefix, IAM uses the default prefix value of /32.',
  },
};
