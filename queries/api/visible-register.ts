import type { Register } from "../../transforms/register/register.ts";
import type { Access } from "../access/access.ts";

/** The register as a role may see it: an operator sees every town but only itself and its own sites. */
export function visibleRegister(register: Register, access: Access): Pick<Register, "towns" | "operators" | "sites"> {
  if (access.role !== "operator") return { towns: register.towns, operators: register.operators, sites: register.sites };
  return {
    towns: register.towns,
    operators: register.operators.filter((o) => o.operator_id === access.operator_id),
    sites: register.sites.filter((s) => s.operator_id === access.operator_id),
  };
}
