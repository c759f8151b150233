/** Formats a key path the way users write it: `telemetry.endpoint`, `parameters[0].name`. */
export function formatKeyPath(path: readonly PropertyKey[]): string {
  return path
    .map((key, i) => (typeof key === 'number' ? `[${key}]` : `${i === 0 ? '' : '.'}${String(key)}`))
    .join('');
}

/** One line per zod issue (classic or mini zod's), each naming the field it is about. */
export function describeIssues(
  error: { issues: readonly { path: readonly PropertyKey[]; message: string }[] },
  root = '',
): string[] {
  return error.issues.map((issue) => {
    const path = formatKeyPath(issue.path);
    const where = [root, path]
      .filter(Boolean)
      .join(root && path && !path.startsWith('[') ? '.' : '');
    return `${where || '(root)'}: ${issue.message}`;
  });
}
