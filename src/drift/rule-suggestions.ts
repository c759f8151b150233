/**
 * Notes for rule ids that name no rule, from a waiver or the config's `rules`: a typo there
 * silently waives or re-levels nothing, so the note suggests the closest known id.
 */
export function unknownRuleNotes(
  named: { id: string; where: string }[],
  known: ReadonlySet<string>,
): string[] {
  return named
    .filter(({ id }) => !known.has(id))
    .map(({ id, where }) => {
      const guess = closest(id, known);
      return `${where} names the rule ${id}, which no rule has${guess ? `; did you mean ${guess}?` : '.'}`;
    });
}

function closest(id: string, known: ReadonlySet<string>): string | undefined {
  let best: { id: string; distance: number } | undefined;
  for (const candidate of known) {
    const distance = editDistance(id, candidate);
    if (distance <= Math.max(2, Math.floor(id.length / 4)) && (!best || distance < best.distance))
      best = { id: candidate, distance };
  }
  return best?.id;
}

// Levenshtein distance, one row at a time.
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++)
      current[j] = Math.min(
        previous[j]! + 1,
        current[j - 1]! + 1,
        previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    previous = current;
  }
  return previous[b.length]!;
}
