/** The key columns of a `join ... on` / `lookup ... on` clause (`on Col`, `on $left.a == $right.b`). */
import { type KNode, child, kindOf, listElements, requireChild, text, unsupported } from './syntax';

export interface JoinKeys {
  readonly leftKeys: string[];
  readonly rightKeys: string[];
}

export function joinOnKeys(condition: KNode): JoinKeys {
  const leftKeys: string[] = [];
  const rightKeys: string[] = [];
  for (const element of listElements(child(condition, 'Expressions'))) {
    const kind = kindOf(element);
    if (kind === 'NameReference') {
      const name = element.SimpleName ?? '';
      leftKeys.push(name);
      rightKeys.push(name);
      continue;
    }
    if (kind === 'EqualExpression') {
      const sides = [requireChild(element, 'Left'), requireChild(element, 'Right')].map((side) => {
        if (kindOf(side) !== 'PathExpression') throw unsupported(`this join condition`, side.TextStart);
        const target = text(requireChild(side, 'Expression'));
        const column = requireChild(side, 'Selector').SimpleName ?? '';
        return { target, column };
      });
      const [a, b] = sides as [{ target: string; column: string }, { target: string; column: string }];
      if (a.target === '$left' && b.target === '$right') {
        leftKeys.push(a.column);
        rightKeys.push(b.column);
        continue;
      }
      if (a.target === '$right' && b.target === '$left') {
        leftKeys.push(b.column);
        rightKeys.push(a.column);
        continue;
      }
    }
    throw unsupported(`the join condition '${text(element)}'`, element.TextStart);
  }
  return { leftKeys, rightKeys };
}
