/**
 * A tiny cookie-keeping HTTP client for integration tests: one instance is one browser.
 * It remembers the session cookie and the CSRF token like the real client does.
 */
export class Client {
  private cookies = new Map<string, string>();
  csrfToken: string | null = null;

  constructor(
    readonly base: string,
    private readonly headers: Record<string, string> = {},
  ) {}

  get cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  async request(
    method: string,
    path: string,
    body?: unknown,
    extra: Record<string, string> = {},
  ): Promise<{ status: number; body: any; headers: Headers }> {
    const headers: Record<string, string> = { ...this.headers, ...extra };
    if (this.cookies.size) headers.cookie = this.cookieHeader;
    if (this.csrfToken && method !== 'GET' && !('x-csrf-token' in extra)) headers['x-csrf-token'] = this.csrfToken;
    let payload: string | undefined;
    if (body !== undefined) {
      payload = typeof body === 'string' ? body : JSON.stringify(body);
      headers['content-type'] ??= 'application/json';
    }
    const res = await fetch(this.base + path, { method, headers, body: payload, redirect: 'manual' });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const [name, ...rest] = pair!.split('=');
      const value = rest.join('=');
      if (!value || /expires=Thu, 01 Jan 1970/i.test(c)) this.cookies.delete(name!.trim());
      else this.cookies.set(name!.trim(), value);
    }
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      /* not JSON: keep the text */
    }
    if (parsed && typeof parsed === 'object' && 'csrfToken' in parsed)
      this.csrfToken = (parsed as { csrfToken: string }).csrfToken;
    return { status: res.status, body: parsed, headers: res.headers };
  }

  get = (path: string, extra?: Record<string, string>) => this.request('GET', path, undefined, extra);
  post = (path: string, body?: unknown, extra?: Record<string, string>) => this.request('POST', path, body, extra);
  patch = (path: string, body?: unknown, extra?: Record<string, string>) => this.request('PATCH', path, body, extra);
  del = (path: string, extra?: Record<string, string>) => this.request('DELETE', path, undefined, extra);

  async login(username: string, password: string): Promise<this> {
    const res = await this.post('/api/session', { username, password });
    if (res.status !== 200) throw new Error(`login ${username} failed: ${res.status} ${JSON.stringify(res.body)}`);
    return this;
  }
}

/** Asserts the standard error body and returns its code. */
export function errorCode(body: unknown): string {
  const e = (body as { error?: { code?: unknown; message?: unknown } })?.error;
  if (!e || typeof e.code !== 'string' || typeof e.message !== 'string' || !e.message) {
    throw new Error(`not a standard error body: ${JSON.stringify(body)}`);
  }
  return e.code;
}
