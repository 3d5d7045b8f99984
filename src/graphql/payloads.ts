import { UserErrors, type UserError } from '../core/errors.js';

/** Runs a mutation; business-rule refusals become userErrors, anything else stays a fault. */
export async function runMutation<T>(work: () => Promise<T>): Promise<{ result: T | null; userErrors: UserError[] }> {
  try {
    return { result: await work(), userErrors: [] };
  } catch (error) {
    if (error instanceof UserErrors) return { result: null, userErrors: error.errors };
    throw error;
  }
}
