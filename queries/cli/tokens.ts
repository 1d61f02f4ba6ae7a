import { type Runtime, UsageError } from "../../infra/cli/runtime.ts";
import { tableWidth } from "../../infra/cli/terminal-width.ts";
import { loadRegister } from "../../transforms/register/register.ts";
import { TokenChangeRefused, addToken, readTokenEntries, revokeToken, tokensPath } from "../access/tokens-file.ts";
import { knownIds } from "../access/tokens.ts";
import { forgetSampleTokens, sampleTokensPath } from "./sample-tokens.ts";
import { column } from "../present/labels.ts";
import { renderTable, words } from "../present/tabular.ts";

const registerIds = async (rt: Runtime) => knownIds(await loadRegister(rt.config.TOURISM_REGISTER));

/** A refused change as one line naming the argument: `--role`, `--name`, or revoke's `name`. */
async function refusedAsUsage<T>(flag: boolean, change: () => Promise<T>): Promise<T> {
  try {
    return await change();
  } catch (err) {
    if (err instanceof TokenChangeRefused) throw new UsageError(`${flag ? "--" : ""}${err.argument}: ${err.message}`);
    throw err;
  }
}

/** `tourism tokens add --role R --name N`: the token on stdout, the only time it is shown. */
export async function addTokenAction(rt: Runtime, options: { role: string; name: string }): Promise<void> {
  const path = tokensPath(rt.config);
  const token = await refusedAsUsage(true, async () => addToken(path, await registerIds(rt), options));
  process.stderr.write(`added ${JSON.stringify(options.name)} (${options.role}) to ${path}; the token is shown only now:\n`);
  process.stdout.write(`${token}\n`);
}

/** `tourism tokens revoke N`. */
export async function revokeTokenAction(rt: Runtime, name: string): Promise<void> {
  const path = tokensPath(rt.config);
  const removed = await refusedAsUsage(false, async () => revokeToken(path, await registerIds(rt), name));
  const demoPath = sampleTokensPath(rt.config.TOURISM_DATA_DIR);
  const forgotten = await forgetSampleTokens(demoPath, name);
  process.stdout.write(
    `revoked ${JSON.stringify(name)}${removed > 1 ? ` (${removed} tokens of that name)` : ""} in ${path}${forgotten > 0 ? `, and dropped it from ${demoPath}` : ""}\n`,
  );
}

/**
 * `tourism tokens list`. Neither tokens nor their digests: a name is all that revoking needs, and a
 * digest printed would match the token in any copy of any tokens file.
 */
export async function listTokensAction(rt: Runtime, options: { format: "table" | "json" }): Promise<void> {
  const path = tokensPath(rt.config);
  const entries = await readTokenEntries(path);
  const tokens = entries.map((e) => ({ name: e.name, role: e.role, created_at: e.created_at ?? null }));
  if (options.format === "json") {
    process.stdout.write(`${JSON.stringify({ file: path, tokens }, null, 2)}\n`);
    return;
  }
  const plain = entries.filter((e) => e.token !== undefined).length;
  const columns = [column("name", "text", "名称", "Name"), column("role", "text", "角色", "Role"), column("created_at", "time", "创建时间", "Created")];
  const notes =
    plain > 0
      ? [
          words(
            `其中 ${plain} 个以令牌原文保存（文件的旧格式）；新建一个并撤销旧的，文件中便只留摘要`,
            `${plain} of them kept as the token itself (the first form of the file); add a new one and revoke the old to keep only a digest`,
          ),
        ]
      : [];
  process.stdout.write(
    renderTable(
      { title: words(`令牌：${path}（${entries.length}）`, `Tokens in ${path} (${entries.length})`), columns, rows: tokens, notes },
      rt.config.TOURISM_LANG,
      tableWidth(),
    ),
  );
}
