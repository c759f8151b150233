/** re2js behind our own module, so untrusted-regex.ts can `await import()` it only when needed. */
export { RE2JS } from 're2js';
