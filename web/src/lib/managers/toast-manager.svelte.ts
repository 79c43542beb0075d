/** Short-lived notices shown in one polite live region (components/Toasts.svelte). */
export type ToastKind = 'info' | 'success' | 'error';
export interface Toast {
	id: number;
	kind: ToastKind;
	text: string;
}

class ToastManager {
	#items = $state<Toast[]>([]);
	#next = 1;

	get items(): readonly Toast[] {
		return this.#items;
	}

	show(kind: ToastKind, text: string, timeoutMs = kind === 'error' ? 10_000 : 5_000): number {
		const id = this.#next++;
		this.#items = [...this.#items, { id, kind, text }];
		if (timeoutMs > 0) setTimeout(() => this.dismiss(id), timeoutMs);
		return id;
	}

	success(text: string) {
		return this.show('success', text);
	}

	error(text: string) {
		return this.show('error', text);
	}

	dismiss(id: number) {
		this.#items = this.#items.filter((t) => t.id !== id);
	}
}

export const toasts = new ToastManager();
