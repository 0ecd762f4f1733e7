/** `npm run catalog`: writes rules/README.md from the rules' metadata. */
import { writeFileSync } from 'node:fs';
import { rules } from '../../rules/index.js';
import { renderCatalog } from '../../src/catalog/render-catalog.js';

writeFileSync(new URL('../../rules/README.md', import.meta.url), renderCatalog(rules));
