import { z } from 'zod';

import { FINDING_IDS, type FindingId } from './finding-ids';
import { isSummaryPlaceholder, placeholdersIn } from './placeholders';
import { SDK_FAMILIES } from './sdk-family';
import { SEVERITIES } from './severity';

/**
 * Shapes of the catalog data files (findings.json, codes.json). They are checked
 * at load so that a bad entry stops the bot at start-up (and CI) instead of
 * producing a broken card in front of an on-call engineer.
 */

/** The languages every text exists in. */
export const LOCALES = ['en', 'ko'] as const;
/** See {@link LOCALES}. */
export type Locale = (typeof LOCALES)[number];

/** Where a finding comes from: the hub's logs, DPS logs, the whole fleet, or the data itself. */
export const FINDING_SOURCES = ['iothub', 'dps', 'fleet', 'data'] as const;
/** See {@link FINDING_SOURCES}. */
export type FindingSource = (typeof FINDING_SOURCES)[number];

/** Services whose error codes have their own entry. */
export const CODE_SOURCES = ['iothub', 'dps'] as const;
/** See {@link CODE_SOURCES}. */
export type CodeSource = (typeof CODE_SOURCES)[number];

const text = z.string().trim().min(1);
const textList = z.array(text).min(1);

/** IoT Hub codes have six digits; DPS uses the HTTP status (three) or six digits (404201). */
const errorCode = z.string().regex(/^\d{3}(\d{3})?$/, 'an error code is 3 or 6 digits');

const docsLink = z.strictObject({
  title: text,
  url: z
    .string()
    .regex(
      /^https:\/\/learn\.microsoft\.com\/[a-z0-9/#._-]+$/,
      'links point to learn.microsoft.com, no locale',
    ),
});

const findingTextSchema = z.strictObject({
  title: text,
  /** One-line verdict; the only field that may carry `{placeholders}`. */
  summary: text,
  /** What the logs show. */
  symptoms: textList,
  /** What that means. */
  causes: textList,
  /** What to do, most useful first. */
  fixes: textList,
  /** Advice that only applies to one device SDK family. */
  sdkNotes: z.partialRecord(z.enum(SDK_FAMILIES), text).optional(),
});

/** The user-facing text of a finding in one language. */
export type FindingText = z.infer<typeof findingTextSchema>;

function fieldsWithoutPlaceholders(localeText: FindingText): Array<[string, string]> {
  const fields: Array<[string, string]> = [['title', localeText.title]];
  for (const listName of ['symptoms', 'causes', 'fixes'] as const) {
    localeText[listName].forEach((item, index) => fields.push([`${listName}[${index}]`, item]));
  }
  for (const [family, note] of Object.entries(localeText.sdkNotes ?? {})) {
    fields.push([`sdkNotes.${family}`, note]);
  }
  return fields;
}

function sameSet(left: readonly string[], right: readonly string[]): boolean {
  return left.length === right.length && left.every((item) => right.includes(item));
}

/** One finding: its contract id, classification, documentation and text in every locale. */
export const findingEntrySchema = z
  .strictObject({
    id: z.enum(FINDING_IDS),
    source: z.enum(FINDING_SOURCES),
    /** Error codes (ResultType / ResultSignature) this finding explains. */
    codes: z.array(errorCode),
    severity: z.enum(SEVERITIES),
    links: z.array(docsLink).min(1),
    text: z.strictObject({ en: findingTextSchema, ko: findingTextSchema }),
  })
  .superRefine((entry, context) => {
    if (!entry.id.startsWith(`${entry.source}.`)) {
      context.addIssue({
        code: 'custom',
        path: ['source'],
        message: `id must start with "${entry.source}."`,
      });
    }
    const { en, ko } = entry.text;
    for (const locale of LOCALES) {
      const localeText = entry.text[locale];
      for (const name of placeholdersIn(localeText.summary)) {
        if (!isSummaryPlaceholder(name)) {
          context.addIssue({
            code: 'custom',
            path: ['text', locale, 'summary'],
            message: `undocumented placeholder {${name}}`,
          });
        }
      }
      for (const [field, value] of fieldsWithoutPlaceholders(localeText)) {
        if (placeholdersIn(value).length > 0) {
          context.addIssue({
            code: 'custom',
            path: ['text', locale, field],
            message: 'only summary may use {placeholders}',
          });
        }
      }
    }
    if (!sameSet(placeholdersIn(en.summary), placeholdersIn(ko.summary))) {
      context.addIssue({
        code: 'custom',
        path: ['text', 'ko', 'summary'],
        message: 'placeholders differ from en',
      });
    }
    for (const listName of ['symptoms', 'causes', 'fixes'] as const) {
      if (en[listName].length !== ko[listName].length) {
        context.addIssue({
          code: 'custom',
          path: ['text', 'ko', listName],
          message: `has ${ko[listName].length} items, en has ${en[listName].length}`,
        });
      }
    }
    if (!sameSet(Object.keys(en.sdkNotes ?? {}), Object.keys(ko.sdkNotes ?? {}))) {
      context.addIssue({
        code: 'custom',
        path: ['text', 'ko', 'sdkNotes'],
        message: 'SDK families differ from en',
      });
    }
  });

/** A validated catalog entry for one finding. */
export type FindingEntry = z.infer<typeof findingEntrySchema>;

const codeTextSchema = z.strictObject({
  /** What the code means, without logs. */
  meaning: text,
  /** The first thing to do about it. */
  whatToDo: text,
});

const codeName = z.string().regex(/^[A-Za-z][A-Za-z0-9]*$/, 'a name is one identifier');

/**
 * One error code as codes.json writes it. Which findings explain it is not written here: it is
 * derived from the findings' `codes`, so adding a finding never means editing two files.
 */
export const codeEntrySchema = z.strictObject({
  code: errorCode,
  source: z.enum(CODE_SOURCES),
  /** The service's name for the error, e.g. IoTHubUnauthorized. */
  name: codeName,
  text: z.strictObject({ en: codeTextSchema, ko: codeTextSchema }),
});

/** A code entry as written in codes.json. */
export type RawCodeEntry = z.infer<typeof codeEntrySchema>;

/**
 * A family of IoT Hub codes as Microsoft's troubleshoot-error-codes page groups them (400xxx,
 * 4001xx, ...): what an unlisted member means. The family of a code is the longest prefix.
 * DPS needs none: a DPS 6-digit detail code belongs to its 3-digit HTTP status entry.
 */
export const codeFamilySchema = z.strictObject({
  source: z.literal('iothub'),
  /** Leading digits shared by the family, e.g. `404` (404xxx) or `4041` (4041xx). */
  prefix: z.string().regex(/^\d{3,4}$/, 'a family prefix is 3 or 4 digits'),
  name: codeName,
  /** Findings that explain every member of the family (e.g. throttling for 429xxx). */
  findingIds: z.array(z.enum(FINDING_IDS)).optional(),
  text: z.strictObject({ en: codeTextSchema, ko: codeTextSchema }),
});

/** A code family as written in codes.json. */
export type CodeFamily = z.infer<typeof codeFamilySchema>;

/** The explanation of one error code, so `explain <code>` can answer without logs. */
export interface CodeEntry {
  readonly code: string;
  readonly source: CodeSource;
  /** The service's name for the error; for an unlisted code, its family's name. */
  readonly name: string;
  /** `4041xx`-style family of an IoT Hub code; the 3-digit status of a DPS code. */
  readonly family: string;
  /** `code` when the catalog lists the code itself; `family` when only its family explains it. */
  readonly match: 'code' | 'family';
  /** Findings that explain this code in context (more specific than the code alone). */
  readonly findingIds: readonly FindingId[];
  readonly text: { readonly en: CodeText; readonly ko: CodeText };
}

/** The text of a code entry in one language. */
export type CodeText = z.infer<typeof codeTextSchema>;
