/**
 * Paraglide compiler options, shared by the Vite plugin (vite.config.ts) and the stand-alone compile
 * used before svelte-check and Vitest (scripts/compile-i18n.js), so both produce the same runtime.
 * No URL strategy: locales are not part of any address.
 */
/** @type {import('@inlang/paraglide-js').CompilerOptions} */
export const paraglideOptions = {
	project: './project.inlang',
	outdir: './src/lib/paraglide',
	strategy: ['localStorage', 'preferredLanguage', 'baseLocale'],
	localStorageKey: 'polku-locale',
	emitReadme: false
};
