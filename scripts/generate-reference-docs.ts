// Writes docs/reference/components.md and docs/reference/versions.md from the Flow JSON registry.
// Run: node --conditions=source --import tsx scripts/generate-reference-docs.ts
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { toComponentsMarkdown, toVersionsMarkdown } from '@flowline/core';

const out = join(dirname(fileURLToPath(import.meta.url)), '..', 'docs', 'reference');
mkdirSync(out, { recursive: true });
writeFileSync(join(out, 'components.md'), toComponentsMarkdown());
writeFileSync(join(out, 'versions.md'), toVersionsMarkdown());
console.log(`wrote ${join(out, 'components.md')} and ${join(out, 'versions.md')}`);
