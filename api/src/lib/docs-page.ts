/**
 * The human-readable API reference at /api/docs, rendered on the server from the OpenAPI document:
 * operations grouped by tag with method, path, summary, required permission, parameters and
 * request/response schemas. Plain semantic HTML, no script (the CSP allows none), one stylesheet.
 */
type Json = Record<string, unknown>;

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

export function escapeHtml(text: string): string {
	return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

function slug(text: string): string {
	return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
}

function pre(value: unknown): string {
	return `<pre><code>${escapeHtml(JSON.stringify(value, null, 2))}</code></pre>`;
}

/** Inline text with `code` spans; everything else escaped. */
function prose(text: string): string {
	return escapeHtml(text).replace(/`([^`]+)`/g, '<code>$1</code>');
}

type Operation = { method: string; path: string; op: Json };

export function renderDocsPage(doc: Json): string {
	const info = (doc.info ?? {}) as Json;
	const paths = (doc.paths ?? {}) as Record<string, Json>;
	const byTag = new Map<string, Operation[]>();
	for (const [path, item] of Object.entries(paths)) {
		for (const method of METHODS) {
			const op = item[method] as Json | undefined;
			if (!op) continue;
			const tag = ((op.tags as string[] | undefined) ?? ['Other'])[0] ?? 'Other';
			const list = byTag.get(tag) ?? [];
			list.push({ method, path, op });
			byTag.set(tag, list);
		}
	}

	const nav = [...byTag.entries()]
		.map(
			([tag, ops]) =>
				`<li><a href="#${slug(tag)}">${escapeHtml(tag)}</a><ul>${ops
					.map((o) => `<li><a href="#${opId(o)}">${o.method.toUpperCase()} ${escapeHtml(o.path)}</a></li>`)
					.join('')}</ul></li>`
		)
		.join('');

	const sections = [...byTag.entries()]
		.map(
			([tag, ops]) =>
				`<section aria-labelledby="${slug(tag)}"><h2 id="${slug(tag)}">${escapeHtml(tag)}</h2>${ops.map(renderOperation).join('')}</section>`
		)
		.join('');

	return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(String(info.title ?? 'API'))} reference</title>
<link rel="stylesheet" href="/api/docs.css">
</head>
<body>
<a class="skip" href="#main">Skip to the reference</a>
<header>
<h1>${escapeHtml(String(info.title ?? 'API'))} reference</h1>
<p>Version ${escapeHtml(String(info.version ?? ''))}. ${info.description ? prose(String(info.description)) : ''}</p>
<p>Machine-readable: <a href="/api/openapi.json">OpenAPI 3.1 document</a>.</p>
</header>
<nav aria-label="Operations"><h2>Operations</h2><ul>${nav}</ul></nav>
<main id="main">
${sections}
</main>
</body>
</html>
`;
}

function opId(o: Operation): string {
	return `${o.method}-${slug(o.path)}`;
}

function renderOperation(o: Operation): string {
	const { op } = o;
	const parts: string[] = [];
	parts.push(`<h3 id="${opId(o)}"><span class="method method-${o.method}">${o.method.toUpperCase()}</span> <code>${escapeHtml(o.path)}</code></h3>`);
	if (op.summary) parts.push(`<p class="summary">${prose(String(op.summary))}</p>`);
	parts.push(`<dl class="meta"><dt>Permission</dt><dd><code>${escapeHtml(String(op['x-polku-permission'] ?? 'unspecified'))}</code></dd></dl>`);
	if (op.description) parts.push(`<p>${prose(String(op.description))}</p>`);

	const params = (op.parameters as Json[] | undefined) ?? [];
	if (params.length > 0) {
		const rows = params
			.map(
				(p) =>
					`<tr><td><code>${escapeHtml(String(p.name))}</code></td><td>${escapeHtml(String(p.in))}</td><td>${p.required ? 'yes' : 'no'}</td><td><code>${escapeHtml(JSON.stringify(p.schema ?? {}))}</code></td></tr>`
			)
			.join('');
		parts.push(
			`<h4>Parameters</h4><table><thead><tr><th scope="col">Name</th><th scope="col">In</th><th scope="col">Required</th><th scope="col">Schema</th></tr></thead><tbody>${rows}</tbody></table>`
		);
	}

	const body = op.requestBody as Json | undefined;
	if (body) {
		const content = (body.content ?? {}) as Record<string, Json>;
		for (const [mediaType, media] of Object.entries(content)) {
			parts.push(`<h4>Request body <small>(${escapeHtml(mediaType)})</small></h4>`);
			if (body.description) parts.push(`<p>${prose(String(body.description))}</p>`);
			parts.push(pre(media.schema ?? {}));
		}
	}

	const responses = (op.responses ?? {}) as Record<string, Json>;
	parts.push('<h4>Responses</h4><dl class="responses">');
	for (const [status, res] of Object.entries(responses)) {
		parts.push(`<dt><strong>${escapeHtml(status)}</strong> ${prose(String(res.description ?? ''))}</dt><dd>`);
		const content = (res.content ?? {}) as Record<string, Json>;
		for (const [mediaType, media] of Object.entries(content)) {
			if (mediaType === 'application/problem+json') {
				parts.push(`<p><code>${escapeHtml(mediaType)}</code>: a problem (see any 4xx schema above or in the OpenAPI document).</p>`);
				continue;
			}
			parts.push(`<details><summary>${escapeHtml(mediaType)} schema</summary>${pre(media.schema ?? {})}</details>`);
		}
		parts.push('</dd>');
	}
	parts.push('</dl>');
	return `<article class="operation" aria-labelledby="${opId(o)}">${parts.join('')}</article>`;
}

export const DOCS_CSS = `
:root { color-scheme: light dark; --fg: #1b1b1b; --bg: #fff; --muted: #555; --line: #ccc; --code: #f3f3f3; --accent: #0b5394; }
@media (prefers-color-scheme: dark) { :root { --fg: #eee; --bg: #141414; --muted: #bbb; --line: #444; --code: #222; --accent: #8ab4f8; } }
body { font: 16px/1.5 system-ui, sans-serif; color: var(--fg); background: var(--bg); margin: 0 auto; max-width: 60rem; padding: 1rem; }
a { color: var(--accent); }
a:focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
.skip { position: absolute; left: -999px; }
.skip:focus { left: 1rem; top: 1rem; background: var(--bg); padding: .5rem; }
nav ul ul { font-size: .9rem; }
code, pre { font-family: ui-monospace, monospace; background: var(--code); }
pre { padding: .75rem; overflow-x: auto; border-radius: 4px; }
.operation { border-top: 1px solid var(--line); padding-top: 1rem; margin-top: 1.5rem; }
.method { display: inline-block; min-width: 4.5rem; font-family: ui-monospace, monospace; }
.meta dt, .meta dd { display: inline; margin: 0; }
.meta dt::after { content: ': '; }
table { border-collapse: collapse; }
th, td { border: 1px solid var(--line); padding: .25rem .5rem; text-align: left; vertical-align: top; }
.responses dd { margin-left: 1rem; }
`;
