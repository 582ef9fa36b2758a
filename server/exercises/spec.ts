// The exercise spec instructors write (exercises/<id>/exercise.yaml). The
// TypeBox schema validates it and is published as JSON Schema
// (exercises/exercise.schema.json) so editors can autocomplete it.
import { Type, type Static } from 'typebox';

export const LOCALES = ['en', 'ko'] as const;
export type Locale = (typeof LOCALES)[number];

const Text = Type.String({ minLength: 1 });
/** A plain string is English; a map gives each locale, English required. */
export const Localized = Type.Union([
  Text,
  Type.Object({ en: Text, ko: Type.Optional(Text) }, { additionalProperties: false }),
], { description: 'Text shown to learners: a string (English), or { en, ko }.' });
export type Localized = Static<typeof Localized>;

const ScriptPath = Type.String({ pattern: '^[A-Za-z0-9_./-]+\\.sh$', description: 'A shell script, relative to the exercise folder.' });
const Id = Type.String({ pattern: '^[a-z0-9][a-z0-9-]{1,62}$', description: 'Lowercase letters, digits and dashes.' });

export const TaskSpec = Type.Object({
  id: Id,
  title: Localized,
  check: Type.Optional(ScriptPath),
  hints: Type.Optional(Type.Array(Localized, { description: 'Revealed one at a time, in this order.' })),
  success: Type.Optional(Localized),
}, { additionalProperties: false });

export const ExerciseSpec = Type.Object({
  $schema: Type.Optional(Type.String()),
  id: Id,
  title: Localized,
  summary: Localized,
  setup: Type.Optional(ScriptPath),
  solution: ScriptPath,
  right: Type.Optional(Type.Array(Type.Object({
    script: ScriptPath,
    way: Type.String({ minLength: 1, description: 'How this correct solution differs from the reference one (for instructors).' }),
  }, { additionalProperties: false }), {
    minItems: 1,
    description: 'Other correct solutions (right/*.sh), each a genuinely different way: each must make every check pass. Shipped exercises have at least two.',
  })),
  wrong: Type.Array(Type.Object({
    script: ScriptPath,
    mistake: Type.String({ minLength: 1, description: 'The plausible mistake this wrong solution makes (for instructors).' }),
  }, { additionalProperties: false }), { minItems: 1 }),
  tasks: Type.Array(TaskSpec, { minItems: 1 }),
  timeoutSeconds: Type.Optional(Type.Integer({ minimum: 1, maximum: 120, default: 20, description: 'Per check.' })),
}, { additionalProperties: false, title: 'Dockyard exercise' });
export type ExerciseSpec = Static<typeof ExerciseSpec>;

export function localize(text: Localized | undefined, locale: Locale): string | undefined {
  if (text === undefined || typeof text === 'string') return text;
  return text[locale] ?? text.en;
}
