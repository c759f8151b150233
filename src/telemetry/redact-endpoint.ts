/** Query parameters whose value is taken to be a credential. */
const SECRET_PARAM = /token|key|secret|sig|pass|auth|cred|session|code/i;

/**
 * An endpoint URL fit to print: the user name and password, and the values of query parameters
 * that look like credentials (`token`, `api_key`, `secret`, `signature`, …), become `***`. Text
 * that is not a URL is shown as `***` whole.
 */
export function redactEndpoint(endpoint: string): string {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return '***';
  }
  if (url.username) url.username = '***';
  if (url.password) url.password = '***';
  for (const key of [...url.searchParams.keys()])
    if (SECRET_PARAM.test(key)) url.searchParams.set(key, '***');
  // URLSearchParams encodes `*` as `%2A`; the placeholder reads better as typed.
  return url.href.replaceAll('%2A%2A%2A', '***');
}
