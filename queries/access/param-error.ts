/**
 * A report parameter with a wrong value. `param` is the canonical name (`from_year`); the CLI
 * prints it as `--from-year`, the API as `from_year`. `detail` names the allowed values.
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
