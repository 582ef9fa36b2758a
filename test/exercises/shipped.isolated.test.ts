// Every shipped exercise is valid and proven: what `dockyard exercises
// validate` and `dockyard exercises test` do, as part of the test suite.
// Isolated: its hundred sandboxes would starve timing-sensitive tests beside it.
import { describe, expect, it } from 'vitest';
import { defaultExercisesDir, inCourseOrder } from '../../cli/exercises.ts';
import { formatProblem, loadExercises } from '../../server/exercises/loader.ts';
import { proveCourseOrder, proveExercise } from '../../server/exercises/prover.ts';
import { testEngine } from '../engine/harness.ts';

const { exercises, problems } = await loadExercises(defaultExercisesDir());

it('every shipped exercise validates', () => {
  expect(problems.map(formatProblem)).toEqual([]);
  expect(exercises.length).toBeGreaterThan(0);
});

it('every shipped exercise has at least two other right solutions and two wrong ones', () => {
  const few = exercises.filter((e) => e.right.length < 2 || e.wrong.length < 2).map((e) => `${e.id}: ${e.right.length} right, ${e.wrong.length} wrong`);
  expect(few).toEqual([]);
});

describe.each(exercises.map((exercise) => [exercise.id, exercise] as const))('exercise %s', (_id, exercise) => {
  it('fails before the solution, passes after it and after every right solution, and fails for every wrong solution', async () => {
    const { engine } = await testEngine();
    const proof = await proveExercise(engine, exercise);
    expect(proof.failures).toEqual([]);
  }, 600_000);
});

it('done in course order in one sandbox, no exercise collides with what an earlier one left', async () => {
  const { engine } = await testEngine();
  const proof = await proveCourseOrder(engine, await inCourseOrder(exercises));
  expect(proof.failures).toEqual([]);
}, 1_200_000);
