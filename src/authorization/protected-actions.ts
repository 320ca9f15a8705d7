import type { RefusalLocale } from './refusal-text';
import type { Role } from './roles';

/**
 * What a command needs: the role, the name the audit log records, and the action in the user's
 * words for "to <what> you need the responder role". Each verb of the command registry
 * (conversation/verb-table.ts) declares one, so a button can never do more than the typed command
 * it stands for, and the vocabulary of commands lives in the registry alone.
 */
export interface Permission {
  /** Audit name, e.g. `acknowledge`, `subscribe`. */
  readonly action: string;
  readonly role: Role;
  /** Whether using it changes state (then it goes to the audit log, allowed or refused). */
  readonly changesState: boolean;
  /**
   * Goes to the audit log even though it changes nothing: it reads whatever the workspace holds
   * (`kql`), so who read what is worth a record.
   */
  readonly audited?: boolean;
  /**
   * The setting that may grant it instead of {@link role} (e.g. `ROLE_KQL`): when the admin sets it,
   * its principals (and admins) hold the permission, readers among them too; unset, the role decides.
   */
  readonly grantSetting?: string;
  readonly words: Readonly<Record<RefusalLocale, string>>;
}

/** The permissions the bot's verbs use. */
export const PERMISSIONS = {
  ask: {
    action: 'ask',
    role: 'reader',
    changesState: false,
    words: { en: 'ask about the logs', ko: '로그 질문' },
  },
  acknowledge: {
    action: 'acknowledge',
    role: 'responder',
    changesState: true,
    words: { en: 'acknowledge an alert', ko: '알림 확인' },
  },
  assign: {
    action: 'assign',
    role: 'responder',
    changesState: true,
    words: { en: 'take an alert', ko: '알림 담당' },
  },
  snooze: {
    action: 'snooze',
    role: 'responder',
    changesState: true,
    words: { en: 'snooze an alert', ko: '알림 일시 중지' },
  },
  rediagnose: {
    action: 'rediagnose',
    role: 'responder',
    changesState: true,
    words: { en: 'diagnose an alert again', ko: '알림 다시 진단' },
  },
  resolve: {
    action: 'resolve',
    role: 'responder',
    changesState: true,
    words: { en: 'resolve an alert', ko: '알림 해결' },
  },
  subscribe: {
    action: 'subscribe',
    role: 'admin',
    changesState: true,
    words: { en: 'subscribe a conversation to alerts', ko: '대화 알림 구독' },
  },
  unsubscribe: {
    action: 'unsubscribe',
    role: 'admin',
    changesState: true,
    words: { en: 'unsubscribe a conversation from alerts', ko: '대화 알림 구독 해제' },
  },
  runQuery: {
    action: 'runQuery',
    role: 'responder',
    changesState: false,
    audited: true,
    grantSetting: 'ROLE_KQL',
    words: { en: 'run a KQL query', ko: 'KQL 쿼리 실행' },
  },
  demoAlert: {
    action: 'demo-alert',
    role: 'responder',
    changesState: true,
    words: { en: 'post a demo alert', ko: '데모 알림 게시' },
  },
} as const satisfies Record<string, Permission>;

export type ProtectedAction = keyof typeof PERMISSIONS;

/** The role each of the bot's permissions needs. */
export const REQUIRED_ROLE: Readonly<Record<ProtectedAction, Role>> = Object.fromEntries(
  Object.entries(PERMISSIONS).map(([name, permission]) => [name, permission.role]),
) as Record<ProtectedAction, Role>;

/** Actions that change state and therefore go to the audit log. */
export function changesState(action: ProtectedAction): boolean {
  return PERMISSIONS[action].changesState;
}

/** Whether a use of `permission` goes to the audit log when allowed (refusals always do). */
export function isAudited(permission: Permission): boolean {
  return permission.changesState || permission.audited === true;
}
