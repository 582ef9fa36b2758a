#!/usr/bin/env node
// Runs the whole vitest suite and closes with the line CI reads:
// "Tests: N passed, N failed", counted from vitest's own JSON reports.
// First the type-checks (the project and the site) and the lint, each one
// test: vitest strips types without checking them, so a type error would pass otherwise.
// Then two runs: the main one, then the tests that disrupt or swamp the
// shared engine (*.isolated.test.ts: restarting dockerd, proving every
// shipped exercise), which must not run while any other test uses it. Arguments (file filters) go to both runs.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const reportDir = mkdtempSync(path.join(tmpdir(), 'dockyard-test-'));

/** One vitest run; resolves with its counts (a run that crashed or reported nothing counts as one failure). */
async function vitestRun(name, extraArgs, env) {
  const reportFile = path.join(reportDir, `${name}.json`);
  const vitest = spawn(
    process.execPath,
    ['node_modules/vitest/vitest.mjs', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${reportFile}`, ...extraArgs, ...process.argv.slice(2)],
    { stdio: 'inherit', env: { ...process.env, ...env } },
  );
  const exitCode = await new Promise((resolve) => vitest.on('close', (code, signal) => resolve(code ?? (signal ? 1 : 0))));
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  try {
    const report = JSON.parse(readFileSync(reportFile, 'utf8'));
    printSlowest(name, report.testResults);
    passed = report.numPassedTests;
    failed = report.numFailedTests;
    skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
    // A file that fails to load (or a failing hook) reports no failed test; count it as one.
    const brokenSuites = report.testResults.filter((suite) => suite.status === 'failed' && suite.assertionResults.every((t) => t.status !== 'failed')).length;
    failed += brokenSuites;
  } catch {
    failed = Math.max(failed, 1);
  }
  if (exitCode !== 0 && failed === 0) failed = 1;
  return { passed, failed, skipped, exitCode };
}

/** The files that took longest, where time for CI is to be won. */
function printSlowest(name, suites) {
  const slowest = suites
    .map((suite) => ({ file: path.relative(process.cwd(), suite.name), seconds: (suite.endTime - suite.startTime) / 1000 }))
    .sort((a, b) => b.seconds - a.seconds)
    .slice(0, 8);
  if (!slowest.length) return;
  process.stdout.write(`\nSlowest files of the ${name} run:\n${slowest.map((s) => `  ${s.seconds.toFixed(0).padStart(5)} s  ${s.file}`).join('\n')}\n`);
}

/** `tsc --noEmit` on one project; resolves with its counts (one test). */
async function typeCheck(project) {
  process.stdout.write(`Type-checking ${project}\n`);
  const tsc = spawn(process.execPath, ['node_modules/typescript/bin/tsc', '--noEmit', '-p', project], { stdio: 'inherit' });
  const exitCode = await new Promise((resolve) => tsc.on('close', (code, signal) => resolve(code ?? (signal ? 1 : 0))));
  return { passed: exitCode === 0 ? 1 : 0, failed: exitCode === 0 ? 0 : 1, skipped: 0, exitCode };
}

/** ESLint over the project (eslint.config.js); one test, passed when it reports no error. */
async function lint() {
  process.stdout.write('Linting\n');
  const eslint = spawn(process.execPath, ['node_modules/eslint/bin/eslint.js', '.'], { stdio: 'inherit' });
  const exitCode = await new Promise((resolve) => eslint.on('close', (code, signal) => resolve(code ?? (signal ? 1 : 0))));
  return { passed: exitCode === 0 ? 1 : 0, failed: exitCode === 0 ? 0 : 1, skipped: 0, exitCode };
}

const checks = [await typeCheck('tsconfig.json'), await typeCheck('site/tsconfig.json'), await lint()];
const main = await vitestRun('main', [], {});
// A filter may leave no isolated test to run: that is not a failure.
const isolated = await vitestRun('isolated', ['--passWithNoTests'], { DOCKYARD_ISOLATED_TESTS: '1' });
rmSync(reportDir, { recursive: true, force: true });
const runs = [...checks, main, isolated];
const sum = (key) => runs.reduce((total, run) => total + run[key], 0);
process.stdout.write(`\nSkipped: ${sum('skipped')}\n`);
process.stdout.write(`Tests: ${sum('passed')} passed, ${sum('failed')} failed\n`);
process.exitCode = runs.find((run) => run.exitCode !== 0)?.exitCode ?? 0;
