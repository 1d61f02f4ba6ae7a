// Types of dashboard-bundle.mjs.
export declare function buildDashboard(dir?: string, root?: string): Promise<void>;
