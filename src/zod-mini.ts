import { config } from 'zod/mini';
import en from 'zod/v4/locales/en.js';

/*
 * zod's small build, for every schema the bins load (manifest, state file, configuration,
 * waivers, journal, insights): its schemas carry no methods, so the module and every schema
 * built with it cost a fraction of classic zod's at start-up, and classic zod would bring its
 * JSON Schema generator along. Same core, so the same issues, with the English messages classic
 * zod sets up on its own. Import it as a namespace (`import * as z`), so that the bundle keeps
 * only the parts used. (Tests may use classic zod: `src/telemetry/event-schemas.ts`.)
 */
config(en());

export * from 'zod/mini';
