/** A command typed in the interactive session; `target` is a component number or name. */
export type InteractiveCommand =
  | { readonly kind: 'help' }
  | { readonly kind: 'quit' }
  | { readonly kind: 'back' }
  | { readonly kind: 'show'; readonly what: 'data' | 'form' }
  | { readonly kind: 'set'; readonly target: string; readonly value: string }
  | { readonly kind: 'select'; readonly target: string; readonly option: string; readonly selected: boolean }
  | { readonly kind: 'check'; readonly target: string; readonly checked: boolean }
  | { readonly kind: 'press'; readonly target: string }
  | { readonly kind: 'empty' }
  | { readonly kind: 'unknown'; readonly text: string };

/** The help text of the interactive session. */
export const INTERACTIVE_HELP = [
  'Commands:',
  '  <n> = <value>         set input n (or give its name instead of n); lists: a,b,c; dates: YYYY-MM-DD',
  '  select <n> <option>   choose an option (id or title); for multi-select, toggles it',
  '  unselect <n> <option> remove an option of a multi-select',
  '  check <n> / uncheck <n>  tick or untick an OptIn',
  '  press footer          press the Footer (press <link text> / <list item id> / <n> for others)',
  '  back                  press the back button',
  '  data / form           show the screen data / the current input values',
  '  help / quit',
  '',
].join('\n');

/** Parses one line typed in the interactive session. */
export function parseCommand(line: string): InteractiveCommand {
  const input = line.trim();
  if (input === '') return { kind: 'empty' };
  const eq = input.indexOf('=');
  if (eq > 0 && !/^(select|unselect|press|check|uncheck)\s/i.test(input)) {
    return { kind: 'set', target: input.slice(0, eq).trim(), value: input.slice(eq + 1).trim() };
  }
  const [word = '', ...rest] = input.split(/\s+/);
  const lower = word.toLowerCase();
  switch (lower) {
    case 'help':
    case '?':
      return { kind: 'help' };
    case 'quit':
    case 'exit':
      return { kind: 'quit' };
    case 'back':
      return { kind: 'back' };
    case 'data':
    case 'form':
      return { kind: 'show', what: lower };
    case 'press':
      return rest.length === 0 ? { kind: 'unknown', text: input } : { kind: 'press', target: rest.join(' ') };
    case 'check':
    case 'uncheck':
      return rest.length === 1 && rest[0] !== undefined ? { kind: 'check', target: rest[0], checked: lower === 'check' } : { kind: 'unknown', text: input };
    case 'select':
    case 'unselect': {
      const [target, ...option] = rest;
      if (target === undefined || option.length === 0) return { kind: 'unknown', text: input };
      return { kind: 'select', target, option: option.join(' '), selected: lower === 'select' };
    }
    default:
      return { kind: 'unknown', text: input };
  }
}
