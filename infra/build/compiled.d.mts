// Types of compiled.mjs (plain JavaScript, so that the bin can ask before any compiler loads).
export declare function manifestPath(root?: string): string;
export declare function compiledModule(source: string, root?: string): string | undefined;
