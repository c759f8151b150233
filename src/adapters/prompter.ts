/** The prompts the CLI asks; inquirer implements them on a terminal, tests script them. */
export interface Prompter {
  select(options: {
    message: string;
    choices: { name: string; value: string; description?: string }[];
    default?: string;
  }): Promise<string>;
  input(options: {
    message: string;
    /** One line of guidance, shown apart from the message and the default. */
    help?: string;
    default?: string;
    /** Returns true, or the message to show under the prompt. */
    validate?: (value: string) => true | string;
  }): Promise<string>;
  confirm(options: { message: string; help?: string; default?: boolean }): Promise<boolean>;
}
