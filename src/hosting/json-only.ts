import type { Request, Response, Next } from 'restify';

/**
 * Both endpoints take JSON only (Bot Framework activities, Azure Monitor alerts). Refusing other
 * content types before the body parser runs means a multipart upload is never written to a temp
 * file and a form body never turns into an object the routes did not expect.
 */
export function jsonOnly(req: Request, res: Response, next: Next): void {
  if (req.method !== 'POST' && req.method !== 'PUT' && req.method !== 'PATCH') {
    next();
    return;
  }
  const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (type === 'application/json' || (type.startsWith('application/') && type.endsWith('+json'))) {
    next();
    return;
  }
  res.send(415, { error: 'Send JSON (Content-Type: application/json).' });
  next(false);
}
