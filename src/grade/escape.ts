/** Escaping for learner-controlled text in XML and HTML: every string a learner can influence goes through here. */
const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }

/** Text and attribute values; control characters XML 1.0 forbids are dropped. */
export function escapeMarkup(value: unknown): string {
  return String(value ?? '')
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
    .replace(/[&<>"']/g, (char) => ENTITIES[char]!)
}

/**
 * An XML attribute value that keeps its line breaks and tabs: a reader turns raw ones into
 * spaces (XML 1.0 §3.3.3), character references survive.
 */
export function escapeXmlAttribute(value: unknown): string {
  return escapeMarkup(value).replace(/[\t\n\r]/g, (char) => `&#${char.charCodeAt(0)};`)
}

/** XML text that keeps a carriage return: a reader turns a raw CR LF into LF (XML 1.0 §2.11). */
export function escapeXmlText(value: unknown): string {
  return escapeMarkup(value).replace(/\r/g, '&#13;')
}

/** JSON to embed in a <script> block: nothing in it can close the block or open a comment. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029')
}
