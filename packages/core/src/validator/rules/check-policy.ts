import { isVersionAtLeast } from '../../model/index.js';
import type { Rule } from '../rule.js';
import { isInputComponent } from '../component-facts.js';
import { indexFlow } from '../flow-index.js';
import { joinPointer } from '../join-pointer.js';
import { isJsonObject } from '../../json/is-json-object.js';

/** The organisation's policy (docs/policy.md): screen and component counts, sensitive fields, versions. */
export const checkPolicy: Rule = (ctx) => {
  const policy = ctx.policy;
  const index = indexFlow(ctx.doc);
  if (policy === undefined || index === undefined) return;
  if (policy.maxScreens !== undefined && index.screens.length > policy.maxScreens) {
    ctx.report({
      code: 'FLOWLINE_POLICY_MAX_SCREENS',
      severity: 'warning',
      message: `The Flow has ${index.screens.length} screens; the policy allows at most ${policy.maxScreens}.`,
      pointer: '/screens',
    });
  }
  const version = isJsonObject(ctx.doc) ? ctx.doc['version'] : undefined;
  if (policy.allowedVersions !== undefined && typeof version === 'string' && !policy.allowedVersions.includes(version)) {
    ctx.report({
      code: 'FLOWLINE_POLICY_VERSION',
      severity: 'warning',
      message: `Flow JSON version ${version} is not allowed by the policy (allowed: ${policy.allowedVersions.join(', ')}).`,
      pointer: '/version',
    });
  }
  for (const screen of index.screens) {
    const count = screen.components.filter((c) => c.type !== 'Form' && c.type !== 'If' && c.type !== 'Switch').length;
    if (policy.maxComponentsPerScreen !== undefined && count > policy.maxComponentsPerScreen) {
      ctx.report({
        code: 'FLOWLINE_POLICY_MAX_COMPONENTS',
        severity: 'warning',
        message: `Screen '${screen.id ?? screen.index}' has ${count} components; the policy allows at most ${policy.maxComponentsPerScreen}.`,
        pointer: joinPointer(screen.pointer, 'layout', 'children'),
      });
    }
    const sensitivePolicy = policy.requireSensitive;
    if (sensitivePolicy === undefined) continue;
    const declared = Array.isArray(screen.node['sensitive']) ? screen.node['sensitive'] : [];
    for (const component of screen.components) {
      if (component.name === undefined || !isInputComponent(component.type)) continue;
      const inputType = component.node['input-type'];
      const lower = component.name.toLowerCase();
      const personal =
        (typeof inputType === 'string' && sensitivePolicy.inputTypes.includes(inputType)) ||
        sensitivePolicy.namePatterns.some((p) => lower.includes(p));
      if (!personal || declared.includes(component.name)) continue;
      const supported = ctx.version === undefined || isVersionAtLeast(ctx.version, '5.1');
      ctx.report({
        code: 'FLOWLINE_POLICY_SENSITIVE',
        severity: 'warning',
        message: supported
          ? `Input '${component.name}' holds personal data; list it in the screen's 'sensitive' array so its value is masked in the response summary.`
          : `Input '${component.name}' holds personal data, but the 'sensitive' array needs Flow JSON 5.1 or later.`,
        pointer: joinPointer(component.pointer, 'name'),
      });
    }
  }
};
