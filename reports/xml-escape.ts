/**
 * Escaping for XML 1.0. Control characters other than tab, newline and carriage return cannot appear in an
 * XML 1.0 document at all, not even as character references, so they are written as visible `\u001b` text
 * instead of being dropped: a message about a garbled frame should still show the garbage. Lone surrogates
 * (half a UTF-16 pair, e.g. from a truncated string) are likewise not characters and become U+FFFD.
 */

// eslint-disable-next-line no-control-regex -- matching control characters is the point
const NOT_XML_CHAR = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

function replaceNonXml(text: string): string {
  return text.replace(NOT_XML_CHAR, (char) => {
    const code = char.charCodeAt(0);
    return code >= 0xd800 && code <= 0xdfff ? '\uFFFD' : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

/** For element content. */
export function escapeXmlText(text: string): string {
  return replaceNonXml(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** For a double- or single-quoted attribute value; tab and line breaks become references so parsers keep them. */
export function escapeXmlAttribute(text: string): string {
  return escapeXmlText(text)
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/\t/g, '&#9;')
    .replace(/\n/g, '&#10;')
    .replace(/\r/g, '&#13;');
}
