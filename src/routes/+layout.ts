// Every page is prerendered to plain files (adapter-static); nothing renders on a server.
export const prerender = true;
export const ssr = true;
export const trailingSlash = 'always';
