// Every shipped exercise is valid and proven: what `dockyard exercises
// validate` and `dockyard exercises test` do, as part of the test suite.
import { describe, expect, it } from 'vitest';
import { defaultExercisesDir } from '../../cli/exercises.ts';
import { formatProblem, loadExercises } from '../../server/exercises/loader.ts';
import { proveExercise } from '../../server/exercises/prover.ts';
import { testEngine } from '../engine/harness.ts';

const { exercises, problems } = await loadExercises(defaultExercisesDir());

it('every shipped exercise validates', () => {
  expect(problems.map(formatProblem)).toEqual([]);
  expect(exercises.length).toBeGreaterThan(0);
});

describe.each(exercises.map((exercise) => [exercise.id, exercise] as const))('exercise %s', (_id, exercise) => {
  it('fails before the solution, passes after it, and fails for every wrong solution', async () => {
    const { engine } = await testEngine();
    const proof = await proveExercise(engine, exercise);
    expect(proof.failures).toEqual([]);
  }, 600_000);
});
