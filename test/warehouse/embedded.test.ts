import { openTestEmbedded } from "../support/warehouse.ts";
import { warehouseContract } from "./contract.ts";

warehouseContract("embedded (chdb)", openTestEmbedded);
