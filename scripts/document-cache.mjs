// Writes the cache of the shipped scenarios as the YAML parser reads them (dist/document-cache/, see
// src/model/document-cache.ts). Run by `npm run build` and `npm ci` (prepare), after tsc.
import { fileURLToPath } from 'node:url';
import { DOCUMENT_CACHE_DIR, writeDocumentCache, yamlFilesUnder } from '../dist/model/document-cache.js';

const files = yamlFilesUnder(fileURLToPath(new URL('../scenarios/', import.meta.url)));
const cached = writeDocumentCache(files);
console.log(`document cache: ${cached.length} of ${files.length} shipped scenario files written to ${DOCUMENT_CACHE_DIR}`);
