/**
 * The UI language. Paraglide resolves it (localStorage, then the browser's preferred languages,
 * then Finnish); switching stores the choice and re-renders the app without a reload — this is a
 * client-rendered app with no locale in its URLs, the case `setLocale(…, { reload: false })` is for.
 */
import { getLocale, locales, setLocale, type Locale } from '$lib/paraglide/runtime.js';

class LocaleManager {
	#current = $state<Locale>(getLocale());

	readonly all: readonly Locale[] = locales;

	get current(): Locale {
		return this.#current;
	}

	set(locale: Locale) {
		if (!locales.includes(locale)) return;
		void setLocale(locale, { reload: false });
		this.#current = locale;
		this.applyToDocument();
	}

	/** `<html lang>` follows the UI language, so screen readers pronounce it right. */
	applyToDocument() {
		if (typeof document !== 'undefined') document.documentElement.lang = this.#current;
	}
}

export const localeManager = new LocaleManager();
