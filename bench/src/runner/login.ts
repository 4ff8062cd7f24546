/** Creates `count` sessions on a server through its `/login` route and returns their Cookie header values. */
export async function loginSessions(baseUrl: string, count: number): Promise<string[]> {
  const cookies: string[] = [];
  const parallel = 10;
  for (let start = 0; start < count; start += parallel) {
    const batch = Array.from({ length: Math.min(parallel, count - start) }, () => loginOnce(baseUrl));
    cookies.push(...(await Promise.all(batch)));
  }
  return cookies;
}

async function loginOnce(baseUrl: string): Promise<string> {
  const response = await fetch(`${baseUrl}/login`);
  await response.arrayBuffer();
  const setCookie = response.headers.getSetCookie()[0];
  if (response.status !== 200 || !setCookie) {
    throw new Error(`GET ${baseUrl}/login answered ${response.status} without a session cookie`);
  }
  return setCookie.split(';')[0];
}
