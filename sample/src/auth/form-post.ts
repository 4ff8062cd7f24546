import type { Request } from 'express';

/** True when the request is a classic HTML form post, which gets HTML and redirects rather than JSON. */
export function isFormPost(req: Request): boolean {
  const type = req.headers['content-type'] ?? '';
  return type.split(';')[0]!.trim().toLowerCase() === 'application/x-www-form-urlencoded';
}
