// The few semver functions we use, imported one by one: the package's index loads all of
// semver, which a render would otherwise pay for at start-up.
import maxSatisfying from 'semver/ranges/max-satisfying.js';
import validRange from 'semver/ranges/valid.js';
import major from 'semver/functions/major.js';
import rcompare from 'semver/functions/rcompare.js';
import valid from 'semver/functions/valid.js';
import satisfies from 'semver/functions/satisfies.js';
import minVersion from 'semver/ranges/min-version.js';

export { major, maxSatisfying, minVersion, rcompare, satisfies, valid, validRange };
