#!/usr/bin/env node
// Runs the whole vitest suite and closes with the line CI reads:
// "Tests: N passed, N failed", counted from vitest's own JSON reports.
// Two runs: the main one, then the tests that disrupt the shared engine
// (*.isolated.test.ts, e.g. restarting dockerd), which must not run while
// any other test uses it. Arguments (file filters) go to both runs.
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
  try {
    const report = JSON.parse(readFileSync(reportFile, 'utf8'));
    passed = report.numPassedTests;
    failed = report.numFailedTests;
    // A file that fails to load (or a failing hook) reports no failed test; count it as one.
    const brokenSuites = report.testResults.filter((suite) => suite.status === 'failed' && suite.assertionResults.every((t) => t.status !== 'failed')).length;
    failed += brokenSuites;
  } catch {
    failed = Math.max(failed, 1);
  }
  if (exitCode !== 0 && failed === 0) failed = 1;
  return { passed, failed, exitCode };
}

const main = await vitestRun('main', [], {});
// A filter may leave no isolated test to run: that is not a failure.
const isolated = await vitestRun('isolated', ['--passWithNoTests'], { DOCKYARD_ISOLATED_TESTS: '1' });
rmSync(reportDir, { recursive: true, force: true });
process.stdout.write(`\nTests: ${main.passed + isolated.passed} passed, ${main.failed + isolated.failed} failed\n`);
process.exitCode = main.exitCode !== 0 ? main.exitCode : isolated.exitCode;
