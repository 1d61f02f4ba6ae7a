import { InvalidArgumentError } from "commander";

/** A commander argument parser for whole numbers in [min, max]; its message names the range. */
export function integerArg(min: number, max: number): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!/^-?\d+$/.test(value) || n < min || n > max) throw new InvalidArgumentError(`expected a whole number from ${min} to ${max}`);
    return n;
  };
}
