// Lints source texts as if they were files at the given paths, with the project's ESLint config,
// and prints each file's messages as JSON. A separate process because ESLint loads
// eslint.config.mjs with a dynamic import, which Jest's module sandbox refuses.
// stdin: [{ "filePath": "/abs/src/x.ts", "code": "..." }]  stdout: [[{ ruleId, message }]]
import { text } from 'node:stream/consumers';
import { ESLint } from 'eslint';

const [cwd, configFile] = process.argv.slice(2);
const eslint = new ESLint({ cwd, overrideConfigFile: configFile });
const cases = JSON.parse(await text(process.stdin));
const results = [];
for (const { filePath, code } of cases) {
  const [result] = await eslint.lintText(code, { filePath });
  results.push((result?.messages ?? []).map(({ ruleId, message }) => ({ ruleId, message })));
}
process.stdout.write(JSON.stringify(results));
