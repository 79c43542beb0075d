/**
 * Whether the browser believes it is online (`navigator.onLine` and its events). It can be wrong
 * in the optimistic direction (a captive portal is "online"); requests still handle NetworkError.
 */
class ConnectionManager {
	#online = $state(typeof navigator === 'undefined' ? true : navigator.onLine);
	#started = false;

	get online(): boolean {
		return this.#online;
	}

	/** Starts listening; returns the function that stops. Safe to call more than once. */
	start(): () => void {
		if (this.#started || typeof window === 'undefined') return () => {};
		this.#started = true;
		const update = () => {
			this.#online = navigator.onLine;
		};
		update();
		window.addEventListener('online', update);
		window.addEventListener('offline', update);
		return () => {
			this.#started = false;
			window.removeEventListener('online', update);
			window.removeEventListener('offline', update);
		};
	}
}

export const connection = new ConnectionManager();
