/**
 * A URL as it may be logged or put in an error: without the user and password it may carry
 * (`redis://:pass@host`, `smtp://user:pass@host`). A string that is not a URL is returned as a
 * placeholder, since it may be a credential pasted in the wrong place.
 */
export function withoutCredentials(url: string): string {
  try {
    const u = new URL(url);
    if (u.username === '' && u.password === '') return url;
    u.username = '';
    u.password = '';
    return u.href;
  } catch {
    return '(not a URL)';
  }
}
