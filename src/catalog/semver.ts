// The few semver functions we use, imported one by one: the package's index loads all of
// semver, which a render or a check would otherwise pay for at start-up. Import semver from
// here, never from 'semver'.
import maxSatisfying from 'semver/ranges/max-satisfying.js';
import validRange from 'semver/ranges/valid.js';
import major from 'semver/functions/major.js';
import rcompare from 'semver/functions/rcompare.js';
import valid from 'semver/functions/valid.js';
import satisfies from 'semver/functions/satisfies.js';
import minVersion from 'semver/ranges/min-version.js';
import compare from 'semver/functions/compare.js';
import gt from 'semver/functions/gt.js';
import lt from 'semver/functions/lt.js';

export {
  compare,
  gt,
  lt,
  major,
  maxSatisfying,
  minVersion,
  rcompare,
  satisfies,
  valid,
  validRange,
};
