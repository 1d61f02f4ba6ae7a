import { dashboardCurrent } from "../infra/build/dashboard.mjs";
import { buildDashboard } from "../infra/build/dashboard-bundle.mjs";

/**
 * The servers tests start from the sources serve the dashboard `npm run build` writes: built here once
 * per run when it is missing or older than its sources, as the `tourism` bin does.
 */
export default async function setup(): Promise<void> {
  if (!dashboardCurrent()) await buildDashboard();
}
