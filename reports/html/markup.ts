import { escapeXmlText } from '../xml-escape.js';

/**
 * Escape-by-default markup: every value interpolated into `html`...`` is escaped unless it is already `Markup`
 * (built by `html` itself). Scenario names and messages come from user files and CSMS text, so forgetting to
 * escape one must not be possible by omission.
 */
export class Markup {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

export type Interpolation = Markup | string | number | boolean | null | undefined | readonly Interpolation[];

/** Text for element content or a quoted attribute. Control characters become visible `\u001b` text, as in the XML. */
export function escapeHtml(text: string): string {
  return escapeXmlText(text).replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

function render(value: Interpolation): string {
  if (value instanceof Markup) return value.text;
  if (Array.isArray(value)) return value.map(render).join('');
  if (value === null || value === undefined || value === false || value === true) return '';
  return escapeHtml(String(value));
}

export function html(strings: TemplateStringsArray, ...values: Interpolation[]): Markup {
  let out = strings[0] ?? '';
  values.forEach((value, i) => {
    out += render(value) + (strings[i + 1] ?? '');
  });
  return new Markup(out);
}

/** For trusted, constant markup such as the inline stylesheet and script. */
export function trusted(text: string): Markup {
  return new Markup(text);
}
