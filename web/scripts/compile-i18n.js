/**
 * Compiles the Paraglide messages into src/lib/paraglide with the same options as the Vite plugin.
 * svelte-check and Vitest need the generated modules before any Vite build has run.
 */
import { compile } from '@inlang/paraglide-js';
import { paraglideOptions } from '../i18n.config.js';
import { assertMessagesComplete } from './check-messages.js';

assertMessagesComplete();
await compile(paraglideOptions);
// The inlang SDK leaves a handle open for ~30 s after compiling; nothing else runs here.
process.exit(0);
