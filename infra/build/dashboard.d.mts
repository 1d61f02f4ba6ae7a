// Types of dashboard.mjs (plain JavaScript: the bin asks before any compiler loads).
export declare const dashboardEntry: string;
export declare const dashboardStatic: readonly string[];
export declare function dashboardDir(root?: string): string;
export declare function dashboardCurrent(dir?: string, root?: string): boolean;
