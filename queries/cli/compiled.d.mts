// Types of compiled.mjs (plain JavaScript, so that the bin can ask before any compiler loads).
export declare const rootDir: string;
export declare function manifestPath(root?: string): string;
export declare function sourcesManifest(paths: readonly string[], root?: string): string;
export declare function compiledModule(source: string, root?: string): string | undefined;
