// Types of heap.mjs (plain JavaScript, so that the bin can decide before anything else loads).
export declare const defaultHeapMb: number;
export declare const semiSpaceMb: number;
export declare function heapBoundMb(argv: readonly string[], env: NodeJS.ProcessEnv, execArgv: readonly string[]): number | undefined;
export declare function runWithHeapBound(heapMb: number): void;
export declare function followLauncher(): void;
