import Handlebars from 'handlebars';
import { caseHelpers } from './case-helpers.js';

type HelperOptions = Handlebars.HelperOptions;
const isOptions = (v: unknown): v is HelperOptions =>
  typeof v === 'object' && v !== null && 'hash' in v && 'data' in v;
const args = (values: unknown[]) => values.filter((v) => !isOptions(v));

/** Comparison helpers for `{{#if (eq database "postgres")}}`; names are part of the template API. */
const logicHelpers: Record<string, (...values: unknown[]) => unknown> = {
  eq: (...v) => String(args(v)[0]) === String(args(v)[1]),
  ne: (...v) => String(args(v)[0]) !== String(args(v)[1]),
  and: (...v) => args(v).every(Boolean),
  or: (...v) => args(v).some(Boolean),
  not: (...v) => !args(v)[0],
  json: (...v) => JSON.stringify(args(v)[0]),
};

/** Names a template may use that are not parameters. */
export const HELPER_NAMES = new Set([
  ...Object.keys(caseHelpers),
  ...Object.keys(logicHelpers),
  'if',
  'unless',
  'each',
  'with',
  'lookup',
  'log',
]);

let env: typeof Handlebars | undefined;

/** The one Handlebars environment: strict, no HTML escaping, our helpers. */
export function handlebarsEnv(): typeof Handlebars {
  if (env) return env;
  env = Handlebars.create();
  for (const [name, fn] of Object.entries({ ...caseHelpers, ...logicHelpers }))
    env.registerHelper(name, fn);
  return env;
}

const parsed = new Map<string, hbs.AST.Program>();

/**
 * The parse of a template source, kept for the process: the undeclared-variable check and
 * the render both need it, and re-renders (checks, upgrades, fleets) see the same sources.
 */
export function parseTemplate(source: string): hbs.AST.Program {
  let ast = parsed.get(source);
  if (!ast) {
    ast = handlebarsEnv().parse(source);
    parsed.set(source, ast);
  }
  return ast;
}

/**
 * Renders one template string; an undeclared variable throws instead of rendering empty.
 * `data` holds the reserved `@` variables (`@platform.…`), apart from the answers.
 */
export function renderString(
  source: string,
  context: Record<string, unknown>,
  data: Record<string, unknown> = {},
): string {
  return handlebarsEnv().compile(parseTemplate(source), { strict: true, noEscape: true })(context, {
    data,
  });
}
