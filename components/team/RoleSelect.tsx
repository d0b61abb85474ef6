import { TEAM_ROLES, type TeamRole } from "@/lib/auth/permissions";
import { inputClass } from "../ui/styles";

/** "an admin", "a member", "an auditor". */
export function roleWithArticle(role: TeamRole): string {
  return `${/^[aeiou]/.test(role) ? "an" : "a"} ${role}`;
}

export const ROLE_LABELS: Record<TeamRole, string> = { admin: "Admin", member: "Member", auditor: "Auditor" };

export function RoleSelect({
  id,
  value,
  onChange,
  label,
  disabled,
}: {
  id: string;
  value: TeamRole;
  onChange: (role: TeamRole) => void;
  label?: string;
  disabled?: boolean;
}) {
  return (
    <select
      id={id}
      aria-label={label}
      value={value}
      disabled={disabled}
      onChange={(e) => onChange(e.target.value as TeamRole)}
      className={inputClass}
    >
      {TEAM_ROLES.map((r) => (
        <option key={r} value={r}>
          {ROLE_LABELS[r]}
        </option>
      ))}
    </select>
  );
}
