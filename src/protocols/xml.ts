import type { MemberRef, ServiceModel } from '../models/model.js';
import { shapeOf } from '../models/model.js';

export function escapeXml(text: string): string {
  return text.replace(/[&<>"'\r]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;', '\r': '&#13;' })[c]!);
}

export function element(name: string, content: string, attrs = ''): string {
  return `<${name}${attrs}>${content}</${name}>`;
}

export function scalarText(value: unknown): string {
  if (value instanceof Date) return value.toISOString();
  if (Buffer.isBuffer(value)) return value.toString('base64');
  return escapeXml(String(value));
}

/**
 * Writes a value of a model shape as XML children, as the query and rest-xml protocols do:
 * lists as `<member>` items (or repeated elements when flattened), maps as `<entry>` pairs.
 */
export function shapeToXml(model: ServiceModel, ref: MemberRef, name: string, value: unknown): string {
  if (value === undefined || value === null) return '';
  const shape = shapeOf(model, ref.shape);
  if (shape.type === 'structure') {
    const record = value as Record<string, unknown>;
    let inner = '';
    // Members marked xmlAttribute are attributes (S3's Grantee xsi:type), with their namespace declared.
    let attrs = shape.xmlNamespace?.prefix ? ` xmlns:${shape.xmlNamespace.prefix}="${shape.xmlNamespace.uri}"` : '';
    for (const [memberName, member] of Object.entries(shape.members ?? {})) {
      if (member.location) continue;
      const v = record[memberName];
      if (member.xmlAttribute) {
        if (v !== undefined && v !== null) attrs += ` ${member.locationName ?? memberName}="${scalarText(v)}"`;
        continue;
      }
      inner += shapeToXml(model, member, member.locationName ?? memberName, v);
    }
    return element(name, inner, attrs);
  }
  if (shape.type === 'list') {
    const items = value as unknown[];
    const itemRef = shape.member!;
    if (ref.flattened || shape.flattened) return items.map((v) => shapeToXml(model, itemRef, itemRef.locationName ?? name, v)).join('');
    return element(name, items.map((v) => shapeToXml(model, itemRef, itemRef.locationName ?? 'member', v)).join(''));
  }
  if (shape.type === 'map') {
    const entries = Object.entries(value as Record<string, unknown>)
      .map(([k, v]) => element('entry', shapeToXml(model, shape.key!, shape.key!.locationName ?? 'key', k) + shapeToXml(model, shape.value!, shape.value!.locationName ?? 'value', v)))
      .join('');
    return element(name, entries);
  }
  return element(name, scalarText(value));
}
