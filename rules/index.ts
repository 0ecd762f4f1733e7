import type { Rule } from '../src/engine/rule.js';
import longtermPinWithoutFollLongterm from './longterm-pin-without-foll-longterm/rule.js';
import mapSyncIsNotPersistence from './map-sync-is-not-persistence/rule.js';

/** The rule catalog, sorted by id (checked by test/catalog.test.ts). */
export const rules: readonly Rule[] = [
  longtermPinWithoutFollLongterm,
  mapSyncIsNotPersistence,
];
