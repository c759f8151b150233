import { HELPER_NAMES, parseTemplate } from './handlebars-env.js';
import { PLATFORM_VARIABLES } from './platform-data.js';

export interface UndeclaredVariable {
  /** As written after `{{`: a parameter name, or `@platform.…` for a reserved one. */
  name: string;
  line: number;
  /** `reserved`: an `@platform.…` name that is not one of the reserved variables. */
  kind: 'parameter' | 'reserved';
}

/**
 * Lists the variables a template uses that are neither declared parameters nor helpers, in
 * every branch, including those a given set of answers would not take. Inside `each`/`with`
 * the context is not the answers, so only `@root.x` is checked there.
 */
export function findUndeclaredVariables(
  source: string,
  declared: ReadonlySet<string>,
): UndeclaredVariable[] {
  const found: UndeclaredVariable[] = [];
  const visit = (
    node: hbs.AST.Node | undefined,
    scoped: boolean,
    locals: ReadonlySet<string>,
  ): void => {
    if (!node) return;
    switch (node.type) {
      case 'Program':
        for (const statement of (node as hbs.AST.Program).body) visit(statement, scoped, locals);
        return;
      case 'MustacheStatement':
      case 'SubExpression':
      case 'BlockStatement': {
        const call = node as hbs.AST.MustacheStatement | hbs.AST.BlockStatement;
        const isCall =
          call.params.length > 0 ||
          Boolean(call.hash?.pairs.length) ||
          node.type !== 'MustacheStatement';
        const head = call.path as hbs.AST.PathExpression;
        if (!(isCall && head.type === 'PathExpression' && HELPER_NAMES.has(head.original)))
          visit(call.path, scoped, locals);
        for (const param of call.params) visit(param, scoped, locals);
        for (const pair of call.hash?.pairs ?? []) visit(pair.value, scoped, locals);
        if (node.type === 'BlockStatement') {
          const block = node as hbs.AST.BlockStatement;
          const changesContext = ['each', 'with'].includes(head.original);
          const inner = new Set([...locals, ...(block.program?.blockParams ?? [])]);
          visit(block.program, scoped || changesContext, inner);
          visit(block.inverse, scoped, locals);
        }
        return;
      }
      case 'PathExpression': {
        const p = node as hbs.AST.PathExpression;
        const root = p.data && p.parts[0] === 'root';
        const name = root ? p.parts[1] : p.parts[0];
        if (!name || p.original.startsWith('this') || p.original.startsWith('.')) return;
        if (p.data && !root) {
          // Handlebars' own (@index, @key, @first…) are fine; @platform is ours and exact.
          const dotted = p.parts.join('.');
          if (name === 'platform' && !PLATFORM_VARIABLES.includes(dotted))
            found.push({ name: `@${dotted}`, line: p.loc?.start.line ?? 0, kind: 'reserved' });
          return;
        }
        if ((scoped && !root) || locals.has(name) || declared.has(name)) return;
        found.push({ name, line: p.loc?.start.line ?? 0, kind: 'parameter' });
        return;
      }
      default:
        return;
    }
  };
  visit(parseTemplate(source), false, new Set());
  return found;
}
