import type { AuthorizationDecision } from './access-policy';
import { ROLE_SETTING, type Role } from './roles';

/** The languages the bot speaks (same codes as cards/card-data.ts `Locale`). */
export type RefusalLocale = 'en' | 'ko';

const ROLE_NAME: Readonly<Record<RefusalLocale, Readonly<Record<Role, string>>>> = {
  en: { reader: 'reader', responder: 'responder', admin: 'admin' },
  ko: { reader: '읽기(reader)', responder: '대응(responder)', admin: '관리자(admin)' },
};

/**
 * What the bot says when it refuses. Polite, says what is missing and who can fix it, and names
 * the setting an admin changes; it never reveals who does hold a role or which tenants are allowed.
 */
export function tenantRefusalText(locale: RefusalLocale): string {
  return locale === 'ko'
    ? '죄송합니다. 이 봇은 귀하의 조직(테넌트)에서 사용하도록 설정되어 있지 않습니다. 사용하려면 이 봇을 운영하는 팀에 조직을 허용 목록(ALLOWED_TENANT_IDS)에 추가해 달라고 요청하세요.'
    : "Sorry, this bot isn't enabled for your organization (tenant). To use it, ask the team that runs the bot to add your organization to its allow-list (ALLOWED_TENANT_IDS).";
}

/** The refusal for a decision that was not allowed; `what` is the action in the user's words. */
export function refusalText(
  decision: Extract<AuthorizationDecision, { allowed: false }>,
  what: string,
  locale: RefusalLocale,
  objectId: string | undefined,
): string {
  if (decision.reason !== 'missing-role') return tenantRefusalText(locale);
  const role = ROLE_NAME[locale][decision.neededRole];
  const setting = ROLE_SETTING[decision.neededRole];
  if (locale === 'ko') {
    const who = objectId ? `사용자 개체 ID(${objectId}) 또는 속한 그룹` : 'Entra 사용자 개체 ID 또는 그룹';
    return `죄송합니다. ${what} 작업에는 이 봇의 ${role} 역할이 필요합니다. 봇 관리자에게 ${who}을(를) ${setting}에 추가해 달라고 요청하세요.`;
  }
  const who = objectId
    ? `your Entra object id (${objectId}) or one of your groups`
    : 'your Entra object id or a group';
  return `Sorry, to ${what} you need the ${role} role in this bot. Ask a bot admin to add ${who} to ${setting}.`;
}
