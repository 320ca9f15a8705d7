import type { AuthorizationDecision } from './access-policy';
import { GRAPH_PERMISSIONS } from './graph-group-membership';
import type { GroupLookupFailure } from './group-membership';
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

/**
 * The refusal for a decision that was not allowed; `what` is the action in the user's words.
 * `groupsCount` says whether group ids in the role lists are looked up (ROLE_GROUP_LOOKUP=graph):
 * only then is "or one of your groups" advice that would work.
 */
export function refusalText(
  decision: Extract<AuthorizationDecision, { allowed: false }>,
  what: string,
  locale: RefusalLocale,
  objectId: string | undefined,
  groupsCount = false,
): string {
  if (decision.reason !== 'missing-role') return tenantRefusalText(locale);
  if (decision.grantSetting)
    return grantRefusalText(decision.grantSetting, what, locale, objectId, groupsCount);
  const role = ROLE_NAME[locale][decision.neededRole];
  const setting = ROLE_SETTING[decision.neededRole];
  if (locale === 'ko') {
    const id = objectId ? `사용자 개체 ID(${objectId})` : 'Entra 사용자 개체 ID';
    const who = groupsCount ? `${id} 또는 속한 그룹` : id;
    return `죄송합니다. ${what} 작업에는 이 봇의 ${role} 역할이 필요합니다. 봇 관리자에게 ${who}을(를) ${setting}에 추가해 달라고 요청하세요.`;
  }
  const id = objectId ? `your Entra object id (${objectId})` : 'your Entra object id';
  const who = groupsCount ? `${id} or one of your groups` : id;
  return `Sorry, to ${what} you need the ${role} role in this bot. Ask a bot admin to add ${who} to ${setting}.`;
}

/** The refusal when the permission's own setting (e.g. ROLE_KQL) does not list the principal. */
function grantRefusalText(
  setting: string,
  what: string,
  locale: RefusalLocale,
  objectId: string | undefined,
  groupsCount: boolean,
): string {
  if (locale === 'ko') {
    const id = objectId ? `사용자 개체 ID(${objectId})` : 'Entra 사용자 개체 ID';
    const who = groupsCount ? `${id} 또는 속한 그룹` : id;
    return `죄송합니다. ${what} 작업은 봇 관리자가 ${setting}로 허용한 사람만 할 수 있습니다. 봇 관리자에게 ${who}을(를) ${setting}에 추가해 달라고 요청하세요.`;
  }
  const id = objectId ? `your Entra object id (${objectId})` : 'your Entra object id';
  const who = groupsCount ? `${id} or one of your groups` : id;
  return `Sorry, only people a bot admin allows in ${setting} may ${what}. Ask a bot admin to add ${who} to ${setting}.`;
}

/** What the admin has to fix, per failure, in the user's language. */
const LOOKUP_FAILURE_REASON: Readonly<Record<RefusalLocale, Readonly<Record<GroupLookupFailure, string>>>> = {
  en: {
    'missing-permission': `the bot's identity has not been granted the Microsoft Graph application permissions ${GRAPH_PERMISSIONS.join(' and ')} with admin consent`,
    'not-signed-in': 'the bot could not sign in to Microsoft Graph',
    throttled: 'Microsoft Graph is busy; try again in a minute',
    unavailable: 'Microsoft Graph did not answer',
  },
  ko: {
    'missing-permission': `봇 ID에 Microsoft Graph 애플리케이션 권한 ${GRAPH_PERMISSIONS.join(', ')}이(가) 관리자 동의로 부여되지 않았습니다`,
    'not-signed-in': '봇이 Microsoft Graph에 로그인하지 못했습니다',
    throttled: 'Microsoft Graph가 바쁩니다. 잠시 후 다시 시도하세요',
    unavailable: 'Microsoft Graph가 응답하지 않았습니다',
  },
};

/**
 * The refusal when the role may come from a group but the directory could not be asked: the bot
 * refuses rather than guess, and says why, so the user knows it is not their role that is missing.
 */
export function groupLookupFailureText(
  failure: GroupLookupFailure,
  neededRole: Role,
  what: string,
  locale: RefusalLocale,
): string {
  const role = ROLE_NAME[locale][neededRole];
  const reason = LOOKUP_FAILURE_REASON[locale][failure];
  if (locale === 'ko') {
    return `죄송합니다. 그룹 멤버 자격을 확인하지 못해 ${what} 작업에 필요한 ${role} 역할이 있는지 알 수 없습니다(${reason}). 문제가 계속되면 봇 관리자에게 알려 주세요.`;
  }
  return `Sorry, I couldn't check your group membership, so I can't tell whether you hold the ${role} role needed to ${what} (${reason}). If this keeps happening, tell a bot admin.`;
}
