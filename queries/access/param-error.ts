/**
 * A report parameter with a wrong value. `param` is the canonical name (`as_of`, `from_year`); the
 * CLI prints it as its flag (`--as-of`; growth's years are `--from`/`--to`), the API as the name.
 * `detail` names the allowed values.
 */
export class ParamError extends Error {
  constructor(
    readonly param: string,
    readonly detail: string,
  ) {
    super(`${param}: ${detail}`);
    this.name = "ParamError";
  }
}
