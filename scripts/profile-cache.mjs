// Writes the binary cache of the shipped profiles (dist/profile-cache/, see src/profiles/cache.ts)
// from what csv-parse reads of each CSV. Run by `npm run build` and `npm ci` (prepare), after tsc.
import { catalogue, parseShipped, PROFILES_DIR, shippedKey } from '../dist/profiles/catalogue.js';
import { PROFILE_CACHE_DIR, writeProfileCache } from '../dist/profiles/cache.js';

const profiles = catalogue().map((entry) => ({ key: shippedKey(entry), csvPath: `${PROFILES_DIR}${entry.file}`, series: parseShipped(entry) }));
writeProfileCache(profiles);
console.log(`profile cache: ${profiles.length} shipped profiles written to ${PROFILE_CACHE_DIR}`);
