// The suites `maestro bench` knows, in the order they run. Adding one: write suites/<name>-suite.ts exporting a
// BenchSuite, and list it here.
import type { BenchSuite } from "../suite.ts";
import { ackSuite } from "./ack-suite.ts";
import { digestSuite } from "./digest-suite.ts";
import { importSuite } from "./import-suite.ts";
import { loopSuite } from "./loop-suite.ts";
import { memorySuite } from "./memory-suite.ts";
import { promptSuite } from "./prompt-suite.ts";
import { toolsSuite } from "./tools-suite.ts";

export const SUITES: readonly BenchSuite[] = [toolsSuite, loopSuite, promptSuite, ackSuite, digestSuite, memorySuite, importSuite];
