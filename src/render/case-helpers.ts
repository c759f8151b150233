/** Splits `orderService`, `order-service`, `Order_Service v2` into lower-case words. */
export function words(input: string): string[] {
  return input
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w.toLowerCase());
}

/** Template values are scalars; anything else renders as its JSON. */
const text = (v: unknown): string => {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v);
};

const capitalize = (w: string) => w.charAt(0).toUpperCase() + w.slice(1);

/** The case helpers every template can use, by their Handlebars names. */
export const caseHelpers: Record<string, (value: unknown) => string> = {
  kebabCase: (v) => words(text(v)).join('-'),
  snakeCase: (v) => words(text(v)).join('_'),
  camelCase: (v) =>
    words(text(v))
      .map((w, i) => (i === 0 ? w : capitalize(w)))
      .join(''),
  pascalCase: (v) => words(text(v)).map(capitalize).join(''),
  upperCase: (v) => text(v).toUpperCase(),
  lowerCase: (v) => text(v).toLowerCase(),
};
