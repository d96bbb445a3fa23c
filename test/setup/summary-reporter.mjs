// Writes jest's totals as JSON to $TUBEVAULT_TEST_SUMMARY (when set) for .ci/run's closing line.
import { writeFileSync } from 'node:fs';

export default class SummaryReporter {
  onRunComplete(_contexts, results) {
    const file = process.env.TUBEVAULT_TEST_SUMMARY;
    if (!file) return;
    const { numPassedTests, numFailedTests, numRuntimeErrorTestSuites, numTotalTests } = results;
    writeFileSync(file, JSON.stringify({ numPassedTests, numFailedTests, numRuntimeErrorTestSuites, numTotalTests }));
  }
}
