// A single-page app: nothing is rendered on a server, nothing is prerendered. The API serves
// build/index.html for every path outside /api (STACK.md G12).
export const ssr = false;
export const prerender = false;
export const trailingSlash = 'never';
