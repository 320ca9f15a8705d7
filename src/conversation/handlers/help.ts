/** `help`: the help card listing every verb with an example. */
import { z } from 'zod';
import { PERMISSIONS } from '../../authorization/protected-actions';
import type { HelpCommand } from '../command';
import { defineVerb } from '../verbs';

const HELP_WORDS =
  /^\s*(?:help|\?|도움말|도움|commands|명령어|사용법)\s*[?!.]*\s*$|\bwhat can you do\b|\bhow do i use\b|(?:뭘|뭐|무엇을)\s*할\s*수\s*있/;

export const helpVerb = defineVerb({
  verb: 'help',
  permission: PERMISSIONS.ask,
  help: {
    rank: 80,
    description: {
      en: 'What I can do, with an example of each command',
      ko: '할 수 있는 일과 명령마다 예시',
    },
    example: { en: 'help', ko: '도움말' },
  },
  keywords: ['help', 'commands', '도움말', '도움', '명령어'],
  matches: (utterance) => HELP_WORDS.test(utterance.text.toLowerCase()),
  fromText: (): HelpCommand => ({ verb: 'help' }),
  button: { data: z.object({}), toCommand: () => ({ verb: 'help' }), fromCommand: () => ({}) },
  handle: async (_command, context) => ({ replies: context.help() }),
});
