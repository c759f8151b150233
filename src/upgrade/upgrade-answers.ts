import type { Prompter } from '../adapters/prompter.js';
import { collectAnswers } from '../answers/collect-answers.js';
import type { TemplateSource } from '../catalog/catalog.js';
import { UserError } from '../errors.js';
import type { Answers } from '../render/plan-render.js';
import { STATE_FILE, type ServiceState } from '../state/service-state.js';

/** The target's answers: recorded ones it still declares, then --set, prompts, defaults. */
export async function upgradeAnswers(
  state: ServiceState,
  target: TemplateSource,
  set: Record<string, string>,
  prompter?: Prompter,
): Promise<Answers> {
  const known = new Set(target.manifest.parameters.map((p) => p.name));
  const recorded = Object.fromEntries(Object.entries(state.answers).filter(([k]) => known.has(k)));
  try {
    return await collectAnswers(target.manifest.parameters, {
      file: recorded,
      set,
      ...(prompter && { prompter }),
    });
  } catch (error) {
    if (!(error instanceof UserError) || error.code !== 'ANSWERS') throw error;
    throw new UserError(
      'ANSWERS',
      `${target.manifest.id}@${target.manifest.version} does not accept the answers: ${error.message}`,
      `Supply them with --set name=value (for example ${error.details.map((d) => `--set ${d.split(':')[0]}=…`).join(' ') || '--set name=value'}); recorded answers are in ${STATE_FILE}.`,
      error.details,
    );
  }
}
