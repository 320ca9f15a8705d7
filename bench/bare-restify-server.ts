/**
 * The load bench's ceiling, run as its own process like the bot: restify with the bot's body
 * parser and a fixed answer on POST /api/messages, and on POST /api/events the count of the
 * batch's events (parsed, nothing stored), on 127.0.0.1 at BENCH_PORT.
 */
import restify from 'restify';

const server = restify.createServer({ handleUncaughtExceptions: false });
server.use(restify.plugins.bodyParser({ maxBodySize: 1024 * 1024, mapParams: false }));
server.post('/api/messages', (_req, res, next) => {
  res.send(200, { activities: [] });
  next();
});
server.post('/api/events', (req, res, next) => {
  const body: unknown = req.body;
  res.send(200, { received: Array.isArray(body) ? body.length : 1 });
  next();
});
server.get('/readyz', (_req, res, next) => {
  res.send(200, { ready: true });
  next();
});
server.listen(Number(process.env['BENCH_PORT']), '127.0.0.1');
process.on('SIGTERM', () => server.close(() => process.exit(0)));
