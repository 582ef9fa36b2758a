#!/usr/bin/env node
// Runs the whole vitest suite and closes with the line CI reads:
// "Tests: N passed, N failed", counted from vitest's own JSON report.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const reportDir = mkdtempSync(path.join(tmpdir(), 'dockyard-test-'));
const reportFile = path.join(reportDir, 'report.json');
const vitest = spawn(
  process.execPath,
  ['node_modules/vitest/vitest.mjs', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${reportFile}`, ...process.argv.slice(2)],
  { stdio: 'inherit' },
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
rmSync(reportDir, { recursive: true, force: true });
if (exitCode !== 0 && failed === 0) failed = 1;
process.stdout.write(`\nTests: ${passed} passed, ${failed} failed\n`);
process.exitCode = exitCode;
