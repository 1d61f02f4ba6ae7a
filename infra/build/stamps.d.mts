// Types of stamps.mjs (plain JavaScript, so that the bin can ask before any compiler loads).
export declare const rootDir: string;
export declare function sourcesManifest(paths: readonly string[], root?: string, builtFrom?: number): string;
export declare function unchangedSources(manifestFile: string, root?: string): Record<string, string> | undefined;
