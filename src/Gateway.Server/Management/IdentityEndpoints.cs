using Gateway.Core.Audit;
using Gateway.Core.Identity;

namespace Gateway.Server.Management;

/// <summary>
/// /gateway/v1/ identity management (Owner only, enforced by <see cref="ManagementAuthorization"/>): role
/// assignments, scope maps, repository tokens and the admin user. Every change is written to the audit log.
/// Passwords are returned once, when made; the gateway keeps only their hashes.
/// </summary>
internal static class IdentityEndpoints
{
    public sealed record AssignmentRequest(string PrincipalId, string PrincipalType, string Role, string Scope);
    public sealed record ScopeMapRequest(string? Description, IReadOnlyList<ScopeMapEntry> Entries);
    public sealed record TokenRequest(string Name, string ScopeMap, DateTimeOffset? ExpiresAt);
    public sealed record TokenUpdate(bool? Enabled, string? ScopeMap);
    public sealed record AdminUserUpdate(bool Enabled);

    public static IEndpointRouteBuilder MapIdentityManagement(this IEndpointRouteBuilder app)
    {
        var v1 = app.MapGroup(ManagementAuthorization.Prefix);
        v1.MapGet("/whoami", (HttpContext c, IdentityDirectory d) =>
            GatewayPrincipal.FromClaims(c.User) is { } p ? Results.Json(new { p.Id, p.Name, p.Kind, p.Source, p.TenantId, p.Groups, roles = d.RolesOf(p) }) : Results.Unauthorized());
        v1.MapGet("/roles", () => BuiltInRoles.Names.Select(n => new { name = n, permissions = BuiltInRoles.PermissionsOf(n).ToString() }));

        v1.MapGet("/role-assignments", (IdentityDirectory d) => d.Snapshot.Assignments);
        v1.MapPost("/role-assignments", async (HttpContext c, AssignmentRequest r, IdentityDirectory d) =>
            await ChangeAsync(c, $"role assign {r.Role} on '{r.Scope}' to {r.PrincipalType} {r.PrincipalId}",
                await d.AssignAsync(r.PrincipalId, r.PrincipalType, r.Role, r.Scope, c.RequestAborted), a => Results.Json(a, statusCode: 201)));
        v1.MapDelete("/role-assignments/{id}", async (HttpContext c, string id, IdentityDirectory d) =>
            await ChangeAsync(c, $"role assignment {id} removed", await d.RemoveAssignmentAsync(id, c.RequestAborted), _ => Results.NoContent()));

        v1.MapGet("/scope-maps", (IdentityDirectory d) => d.ListScopeMaps());
        v1.MapPut("/scope-maps/{name}", async (HttpContext c, string name, ScopeMapRequest r, IdentityDirectory d) =>
            await ChangeAsync(c, $"scope map {name} set", await d.PutScopeMapAsync(name, r.Description, r.Entries ?? [], c.RequestAborted), m => Results.Json(m)));
        v1.MapDelete("/scope-maps/{name}", async (HttpContext c, string name, IdentityDirectory d) =>
            await ChangeAsync(c, $"scope map {name} deleted", await d.DeleteScopeMapAsync(name, c.RequestAborted), _ => Results.NoContent()));

        v1.MapGet("/tokens", (IdentityDirectory d) => d.Snapshot.Tokens.Values.OrderBy(t => t.Name, StringComparer.Ordinal).Select(TokenView));
        v1.MapPost("/tokens", async (HttpContext c, TokenRequest r, IdentityDirectory d) =>
            await ChangeAsync(c, $"token {r.Name} created with scope map {r.ScopeMap}", await d.CreateTokenAsync(r.Name, r.ScopeMap, r.ExpiresAt, c.RequestAborted),
                t => Results.Json(new { token = TokenView(t.Token), passwords = new { password1 = t.Passwords[0], password2 = t.Passwords[1] } }, statusCode: 201)));
        v1.MapPatch("/tokens/{name}", async (HttpContext c, string name, TokenUpdate r, IdentityDirectory d) =>
            await ChangeAsync(c, $"token {name} updated (enabled={r.Enabled?.ToString() ?? "unchanged"}, scopeMap={r.ScopeMap ?? "unchanged"})",
                await d.UpdateTokenAsync(name, r.Enabled, r.ScopeMap, c.RequestAborted), t => Results.Json(TokenView(t))));
        v1.MapPost("/tokens/{name}/passwords/{slot}", async (HttpContext c, string name, string slot, IdentityDirectory d) =>
            await ChangeAsync(c, $"token {name} {slot} regenerated", await d.RegenerateTokenPasswordAsync(name, slot, c.RequestAborted), p => Results.Json(new { name = slot, value = p })));
        v1.MapDelete("/tokens/{name}", async (HttpContext c, string name, IdentityDirectory d) =>
            await ChangeAsync(c, $"token {name} deleted", await d.DeleteTokenAsync(name, c.RequestAborted), _ => Results.NoContent()));

        v1.MapGet("/admin-user", (IdentityDirectory d) => new { userName = d.Options.AdminUserName, enabled = d.Snapshot.AdminUser.Enabled, passwords = d.Snapshot.AdminUser.Passwords.Select(p => new { name = p.Slot, p.CreatedAt }) });
        v1.MapPut("/admin-user", async (HttpContext c, AdminUserUpdate r, IdentityDirectory d) =>
        {
            var created = await d.SetAdminUserEnabledAsync(r.Enabled, c.RequestAborted);
            return await ChangeAsync(c, $"admin user {(r.Enabled ? "enabled" : "disabled")}", new IdentityOutcome<IReadOnlyList<string>>(created, null),
                p => Results.Json(new { userName = d.Options.AdminUserName, enabled = r.Enabled, passwords = p.Count == 0 ? null : new { password1 = p[0], password2 = p[1] } }));
        });
        v1.MapPost("/admin-user/passwords/{slot}", async (HttpContext c, string slot, IdentityDirectory d) =>
            await ChangeAsync(c, $"admin user {slot} regenerated", await d.RegenerateAdminPasswordAsync(slot, c.RequestAborted), p => Results.Json(new { name = slot, value = p })));
        return app;
    }

    private static object TokenView(RepositoryToken t) => new
    {
        t.Name,
        t.ScopeMap,
        status = t.Enabled ? "enabled" : "disabled",
        t.ExpiresAt,
        t.CreatedAt,
        passwords = t.Passwords.Select(p => new { name = p.Slot, p.CreatedAt, p.ExpiresAt }),
    };

    /// <summary>Writes the change (or the refusal) to the audit log, then answers: 400 invalid, 404 not found, 409 conflict.</summary>
    private static async Task<IResult> ChangeAsync<T>(HttpContext context, string what, IdentityOutcome<T> outcome, Func<T, IResult> ok)
    {
        await context.RequestServices.GetRequiredService<AuditLog>().RecordAsync(
            Hosting.RequestAudit.Event(context, "config.change", outcome.IsSuccess ? "succeeded" : "failed") with
            {
                Reason = outcome.Error is { } e ? $"{what}: {e.Message}" : what,
            }, CancellationToken.None);
        if (outcome.Error is { } error)
        {
            var status = error.Kind switch { IdentityErrorKind.NotFound => 404, IdentityErrorKind.Conflict => 409, _ => 400 };
            return Results.Json(new { errors = new[] { new { code = error.Kind.ToString().ToUpperInvariant(), message = error.Message } } }, statusCode: status);
        }
        return ok(outcome.Value!);
    }
}
