import { loadConfig } from "../../infra/config.ts";
import { namingOf } from "../../queries/reports/open-context.ts";

/** The names the configuration gives by default (the alliance's, the bulletins' office). */
export const defaultNaming = namingOf(loadConfig({}));
