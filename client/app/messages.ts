/**
 * The staff entry's messages (catalogues.ts). Imported first by main.ts, so they are in place
 * before any element module runs; each lazily loaded page group adds its own (./pages/).
 */
import { useCatalogues } from '../i18n/index.js';
import { SHELL_CATALOGUES } from './catalogues.js';

useCatalogues(SHELL_CATALOGUES);
