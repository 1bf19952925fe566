/**
 * Who sees a competition in a listing (not who may open it): public ones, and the private ones whose viewer is a
 * participant (approved or pending) or meets a join rule (confirmed mail domain, company group). Drafts and unlisted
 * competitions are never listed. `c` is the competitions row; `viewer` the placeholder of the caller's id or null
 * (`:viewer` for TypeORM's query builder, `$1` in plain SQL).
 */
export const listedForViewer = (
  viewer = ':viewer',
) => `(c.visibility = 'public' OR (c.visibility = 'private' AND ${viewer}::uuid IS NOT NULL AND (
    EXISTS (SELECT 1 FROM participants p
             WHERE p.competition_id = c.id AND p.user_id = ${viewer} AND p.status IN ('approved', 'pending'))
    OR EXISTS (SELECT 1 FROM users u WHERE u.id = ${viewer} AND (
         (u.email_confirmed_at IS NOT NULL
           AND lower(substring(u.email from '@([^@]*)$')) = ANY(c.join_email_domains))
         OR u.idp_groups && c.join_idp_groups)))))`;
